package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.UploadImageRequest;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Puts an image's bits in the image cache of a disk driver through the REST File API (see
 * {@link org.iaasengine.powervm.commands.UploadImage}): nothing is sent when the cache holds the
 * image already; a failed upload leaves no File and no partial cache disk. Runs on the host's lane.
 * The result is the cache disk. The resource model holds no images: nothing to sync.
 *
 * <pre>{@code
 * DiskRef cached = engine.run(UploadImageAction.plan(host, disks, new UploadImageRequest("sys-a", image)));
 * }</pre>
 */
public final class UploadImageAction {
    public static final Key<DiskRef> IMAGE = Key.of("image", DiskRef.class);

    private UploadImageAction() {
    }

    public static Action<DiskRef> plan(PowerVmHost host, DiskDriver disks, UploadImageRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<DiskRef>builder(UploadImageRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(req)
                .step(IMAGE, disks.cacheImage(req.image()))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .resultFrom(IMAGE)
                .build();
    }
}
