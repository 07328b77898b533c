package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.destroy} action.
 *
 * <pre>{@code
 * engine.run(DestroyAction.plan(host, disks, new VmRequest("web1")));   // records new DestroyRequest("sys-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param name the LPAR name
 */
public record DestroyRequest(String host, String name) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.destroy";

    public DestroyRequest {
        Validate.hostName(host);
        Validate.lparName(name);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(name);
    }
}
