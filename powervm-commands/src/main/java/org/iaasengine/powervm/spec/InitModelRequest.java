package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.initModel} action: a full reconcile of one managed system.
 *
 * <pre>{@code
 * engine.run(InitModelAction.plan(host));   // records new InitModelRequest("sys-a")
 * }</pre>
 *
 * @param host the host's model name
 */
public record InitModelRequest(String host) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.initModel";

    public InitModelRequest {
        Validate.hostName(host);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.host(host);
    }
}
