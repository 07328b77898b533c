package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.cleanImageCache} action (on the disk driver the plan is given).
 *
 * <pre>{@code
 * engine.run(CleanImageCacheAction.plan(host, disks));   // records new CleanImageCacheRequest("sys-a")
 * }</pre>
 *
 * @param host the host's model name
 */
public record CleanImageCacheRequest(String host) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.cleanImageCache";

    public CleanImageCacheRequest {
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
