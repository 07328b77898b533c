package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code suspend} action: pause a VM's CPUs.
 *
 * <pre>{@code
 * engine.run(actions.suspend(host, "web1"));   // plans new SuspendRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record SuspendRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "suspend";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
