package org.iaasengine.libvirt.actions;

import java.nio.file.Path;
import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.Plugged;
import org.iaasengine.libvirt.devices.VolumeFile;
import org.iaasengine.model.Volume;
import org.iaasengine.request.ActionRequest;

/** The step keys and parts the volume and NIC plans share. */
final class DevicePlans {
    static final Key<Volume> VOLUME = Key.of("volume", Volume.class);
    static final Key<Volume> PLACED = Key.of("placed", Volume.class);
    static final Key<VolumeFile> FILE = Key.of("file", VolumeFile.class);
    static final Key<Boolean> MAC_FREE = Key.of("mac-free", Boolean.class);
    static final Key<Plugged> PLUGGED = Key.of("plugged", Plugged.class);
    /** Whether the definition store's copy of the domain changed ({@link org.iaasengine.libvirt.devices.StoreDevice}). */
    static final Key<Boolean> STORED = Key.of("stored", Boolean.class);
    static final Key<Plugged> UNPLUGGED_LIVE = Key.of("unplugged-live", Plugged.class);
    static final Key<Boolean> REMOVED = Key.of("removed", Boolean.class);
    static final Key<Plugged> UNPLUGGED_CONFIG = Key.of("unplugged-config", Plugged.class);
    static final Key<Boolean> TRASHED = Key.of("trashed", Boolean.class);
    static final Key<Boolean> PURGED = Key.of("purged", Boolean.class);

    /**
     * How long the revert of an attach waits for the guest to release the device it had just been
     * given (a guest that booted far enough to take a hot-plugged device answers in well under a
     * second here).
     */
    static final Duration REVERT_REMOVAL = Duration.ofSeconds(30);

    private DevicePlans() {
    }

    /** The file of volume {@code id} on {@code host}: always {@code <storage>/volumes/<id>.qcow2}. */
    static Path volumePath(LibvirtHost host, String id) {
        return org.iaasengine.libvirt.devices.VolumeScan.directory(host).resolve(id + ".qcow2");
    }

    /** The start of every device plan: the request's name and key, its deadline, the revert retry. */
    static <R> Action.Builder<R> start(ActionRequest req, LibvirtSettings s, Duration extra) {
        return Action.<R>builder(req.action(), req.resource().toString())
                .request(req)
                .timeout(s.actionTimeout().plus(extra))
                .revertRetry(s.revertRetry());
    }
}
