package org.iaasengine.powervm.actions;

import java.nio.file.Path;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.DownloadDisk;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.FindVmDisk;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.SnapshotRequest;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Snapshot to an image: find the LPAR (NOT_FOUND if none) → find its boot disk among the VIOS's
 * mappings → copy the disk's bytes through the REST File API to a local image file
 * ({@link DownloadDisk}, with progress and the image's SHA-256). The result is the image with its
 * file and checksum, ready for a later spawn (which uploads it where a cache lacks it). The VM keeps
 * running (the copy is crash-consistent, as nova-powervm's); the action runs on the VM's lane, so no
 * other action of the VM runs meanwhile. The model does not change.
 *
 * <pre>{@code
 * ImageRef snap = engine.run(SnapshotAction.plan(host, disks, new SnapshotRequest("sim-a", "web1", "web1-snap", "/srv/images")));
 * engine.run(SpawnAction.plan(host, disks, new SpawnRequest("web2", 2048, 0.5, 1, 100, snap, 20)));
 * }</pre>
 */
public final class SnapshotAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<DiskRef> DISK = Key.of("disk", DiskRef.class);
    public static final Key<ImageRef> IMAGE = Key.of("image", ImageRef.class);

    private SnapshotAction() {
    }

    public static Action<ImageRef> plan(PowerVmHost host, DiskDriver disks, SnapshotRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<ImageRef>builder(SnapshotRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(DISK, new FindVmDisk(host.client(), disks.viosUuid(), Input.from(FOUND, LparInfo::uuid),
                        disks.diskName(req.name())))
                .step(IMAGE, new DownloadDisk(host.client(), disks.viosUuid(), Input.from(DISK), req.image(),
                        Path.of(req.directory())))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .resultFrom(IMAGE)
                .build();
    }
}
