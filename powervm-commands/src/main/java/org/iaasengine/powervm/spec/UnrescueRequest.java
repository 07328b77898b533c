package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.unrescue} action: VM {@code name} back from its rescue (the
 * rescue disk unmapped and deleted, booted from its own disk).
 *
 * <pre>{@code
 * engine.run(UnrescueAction.plan(host, disks, new UnrescueRequest("sim-a", "web1")));
 * }</pre>
 *
 * @param host the host's model name
 * @param name the VM
 */
public record UnrescueRequest(String host, String name) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.unrescue";

    public UnrescueRequest {
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
