package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.hostInfo} action.
 *
 * <pre>{@code
 * engine.run(HostInfoAction.plan(host));   // records new HostInfoRequest("sys-a")
 * }</pre>
 *
 * @param host the host's model name
 */
public record HostInfoRequest(String host) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.hostInfo";

    public HostInfoRequest {
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
