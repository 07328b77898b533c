package org.iaasengine.libvirt.spec;

import java.time.Duration;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.devices.VolumeIds;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code volume-detach} action: unplug a volume from its running VM; done when
 * libvirt reports the device removed, TIMEOUT after {@code deadline} when the guest ignores it
 * (the volume then stays attached in the model, as it is).
 *
 * <pre>{@code
 * engine.run(actions.detachVolume(host, "web1", "data1", Duration.ofSeconds(30)));
 * }</pre>
 *
 * @param host     the host's model name
 * @param vm       the VM's name
 * @param volume   the volume's id
 * @param deadline how long the guest has to release the device, 1 s to 1 h
 */
public record DetachVolumeRequest(String host, String vm, String volume, Duration deadline) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "volume-detach";

    public DetachVolumeRequest {
        InvalidInputException.check(host != null && !host.isEmpty(), "host of a %s request must not be empty", ACTION);
        DomainNames.check(vm);
        VolumeIds.check(volume);
        checkDeadline(deadline);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }

    private static void checkDeadline(Duration deadline) {
        InvalidInputException.check(deadline != null && deadline.compareTo(Duration.ofSeconds(1)) >= 0
                && deadline.compareTo(Duration.ofHours(1)) <= 0, "deadline of a %s request must be 1 s to 1 h, was %s",
                ACTION, deadline);
    }
}
