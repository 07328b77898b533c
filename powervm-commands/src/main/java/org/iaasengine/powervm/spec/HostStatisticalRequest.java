package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.hostStatistical} action.
 *
 * <pre>{@code
 * engine.run(HostStatisticalAction.plan(host));   // records new HostStatisticalRequest("sys-a")
 * }</pre>
 *
 * @param host the host's model name
 */
public record HostStatisticalRequest(String host) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.hostStatistical";

    public HostStatisticalRequest {
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
