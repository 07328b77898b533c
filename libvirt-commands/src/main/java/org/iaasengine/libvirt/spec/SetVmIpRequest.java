package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code set-vm-ip} action: record the IP the cloud manager assigned.
 *
 * <pre>{@code
 * engine.run(actions.setVmIp(host, "web1", "10.0.0.5"));   // new SetVmIpRequest("host-a", "web1", "10.0.0.5")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 * @param ip   the IP address (IPv4 or IPv6), or null to clear it
 */
public record SetVmIpRequest(String host, String vm, String ip) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "set-vm-ip";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
