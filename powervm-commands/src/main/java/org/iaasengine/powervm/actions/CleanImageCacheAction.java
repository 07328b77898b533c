package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.spec.CleanImageCacheRequest;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Removes cached images no VM disk was made from and no mapping serves, on the driver's volume
 * group or pool. Runs on the host's lane.
 *
 * <pre>{@code
 * List<String> removed = engine.run(CleanImageCacheAction.plan(host, disks));
 * }</pre>
 */
public final class CleanImageCacheAction {
    public static final Key<List<String>> REMOVED = Key.named("removed");

    private CleanImageCacheAction() {
    }

    public static Action<List<String>> plan(PowerVmHost host, DiskDriver disks) {
        return plan(host, disks, new CleanImageCacheRequest(host.name()));
    }

    public static Action<List<String>> plan(PowerVmHost host, DiskDriver disks, CleanImageCacheRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<List<String>>builder(CleanImageCacheRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(req)
                .step(REMOVED, disks.cleanImageCache())
                .retry(host.retry())
                .timeout(host.timeouts().action())
                .resultFrom(REMOVED)
                .build();
    }
}
