package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
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
        return Action.<List<String>>builder("powervm.cleanImageCache", host.hostKey())
                .request(new InitModelAction.VmHostRequest(host.name()))
                .step(REMOVED, disks.cleanImageCache())
                .retry(host.retry())
                .timeout(host.timeouts().action())
                .resultFrom(REMOVED)
                .build();
    }
}
