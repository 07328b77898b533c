package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ExtendDiskRequest;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Extend a disk, as nova-powervm's resize grows the boot disk: find the LPAR (NOT_FOUND if
 * absent) → grow its boot disk ({@link DiskDriver#extendDisk}; not reverted, a disk cannot shrink).
 *
 * <pre>{@code
 * DiskRef d = engine.run(ExtendDiskAction.plan(host, disks, new ExtendDiskRequest("sim-a", "web1", 40)));
 * }</pre>
 */
public final class ExtendDiskAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<DiskRef> EXTENDED = Key.of("extended", DiskRef.class);

    private ExtendDiskAction() {
    }

    public static Action<DiskRef> plan(PowerVmHost host, DiskDriver disks, ExtendDiskRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<DiskRef>builder(ExtendDiskRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(EXTENDED, disks.extendDisk(req.name(), req.sizeGb()))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .resultFrom(EXTENDED)
                .build();
    }
}
