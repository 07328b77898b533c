package org.iaasengine.libvirt.spec;


import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.devices.VolumeIds;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code volume-delete} action: remove a volume's file and forget it; refused
 * (CONFLICT) while it is attached to a VM.
 *
 * <pre>{@code
 * engine.run(actions.deleteVolume(host, "data1"));   // new VolumeDeleteRequest("host-a", "data1")
 * }</pre>
 *
 * @param host   the host's model name
 * @param volume the volume's id
 */
public record VolumeDeleteRequest(String host, String volume) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "volume-delete";

    public VolumeDeleteRequest {
        InvalidInputException.check(host != null && !host.isEmpty(), "host of a %s request must not be empty", ACTION);
        VolumeIds.check(volume);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.volume(volume);
    }
}
