package org.iaasengine.libvirt.spec;

import java.time.Duration;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code host-statistical} action: CPU and memory use between two samples.
 *
 * <pre>{@code
 * engine.run(actions.hostStatistical(host, Duration.ofSeconds(1)));   // new HostStatisticalRequest("host-a", PT1S)
 * }</pre>
 *
 * @param host the host's model name
 * @param interval the time between the two samples, more than 0 and at most 10 minutes
 */
public record HostStatisticalRequest(String host, Duration interval) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "host-statistical";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.host(host);
    }
}
