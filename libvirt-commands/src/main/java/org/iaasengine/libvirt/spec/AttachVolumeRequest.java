package org.iaasengine.libvirt.spec;


import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.devices.VolumeIds;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code volume-attach} action: hot-plug a volume into a running VM as
 * {@code target}.
 *
 * <pre>{@code
 * engine.run(actions.attachVolume(host, "web1", "data1", "vdb"));
 * }</pre>
 *
 * @param host   the host's model name
 * @param vm     the VM's name
 * @param volume the volume's id
 * @param target the guest device: {@code vd*} (virtio), {@code sd*} (SCSI)
 */
public record AttachVolumeRequest(String host, String vm, String volume, String target) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "volume-attach";

    public AttachVolumeRequest {
        InvalidInputException.check(host != null && !host.isEmpty(), "host of a %s request must not be empty", ACTION);
        DomainNames.check(vm);
        VolumeIds.check(volume);
        InvalidInputException.check(target != null && target.matches("(vd|sd)[a-z]{1,3}"),
                "target of volume %s must be vd<letters> or sd<letters>, was %s", Visible.quoted(volume),
                Visible.quoted(target));
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
