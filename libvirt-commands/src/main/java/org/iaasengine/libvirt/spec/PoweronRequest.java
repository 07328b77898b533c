package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code poweron} action: start the VM (on this host, also a VM that {@code stop} released from its host); a running VM is success.
 *
 * <pre>{@code
 * engine.run(actions.poweron(host, "web1"));   // new PoweronRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record PoweronRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "poweron";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
