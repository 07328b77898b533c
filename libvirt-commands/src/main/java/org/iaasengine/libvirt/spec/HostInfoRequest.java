package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code host-info} action: node info and what the host runs, into the model.
 *
 * <pre>{@code
 * engine.run(actions.hostInfo(host));   // plans new HostInfoRequest("host-a")
 * }</pre>
 *
 * @param host the host's model name
 */
public record HostInfoRequest(String host) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "host-info";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.host(host);
    }
}
