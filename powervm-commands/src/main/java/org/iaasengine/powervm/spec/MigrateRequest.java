package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.migrate} action (live partition mobility).
 *
 * <pre>{@code
 * engine.run(MigrateAction.plan(source, target, new VmRequest("web1")));   // records new MigrateRequest("sys-a", "web1", "sys-b")
 * }</pre>
 *
 * @param host   the source host's model name
 * @param name   the LPAR name
 * @param target the target host's model name
 */
public record MigrateRequest(String host, String name, String target) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.migrate";

    public MigrateRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        Validate.hostName(target);
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
