package org.iaasengine.libvirt.spec;


import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.devices.VolumeIds;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code nic-attach} action: hot-plug a virtio interface with {@code mac} on
 * {@code network} into a running VM; the MAC must be unique in the model.
 *
 * <pre>{@code
 * engine.run(actions.attachNic(host, "web1", "52:54:00:12:34:57", "user"));
 * }</pre>
 *
 * @param host    the host's model name
 * @param vm      the VM's name
 * @param mac     the interface's MAC address (lower-cased here)
 * @param network {@code user}, {@code network:NAME} or {@code bridge:NAME}, as the create request
 */
public record AttachNicRequest(String host, String vm, String mac, String network) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "nic-attach";

    public AttachNicRequest {
        InvalidInputException.check(host != null && !host.isEmpty(), "host of a %s request must not be empty", ACTION);
        DomainNames.check(vm);
        mac = VmSpec.normalizeMac(mac);
        network = network == null ? "user" : network;
        org.iaasengine.libvirt.xml.DeviceXml.nic(network, mac, null);
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
