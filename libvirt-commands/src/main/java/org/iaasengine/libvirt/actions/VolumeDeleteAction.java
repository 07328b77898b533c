package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.DevicePlans.PURGED;
import static org.iaasengine.libvirt.actions.DevicePlans.TRASHED;
import static org.iaasengine.libvirt.actions.DevicePlans.VOLUME;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.ClaimVolume;
import org.iaasengine.libvirt.devices.PurgeVolumeFile;
import org.iaasengine.libvirt.devices.TrashVolumeFile;
import org.iaasengine.libvirt.spec.VolumeDeleteRequest;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VolumeState;

/**
 * Volume delete: claim it DELETING (refused, CONFLICT, while it is attached to a VM), set its file
 * aside, remove it, forget the volume. A failure before the last step gives the file back and
 * the volume its state.
 *
 * <pre>{@code
 * engine.run(VolumeDeleteAction.plan(model, settings, host, new VolumeDeleteRequest("host-a", "data1")));
 * }</pre>
 */
public final class VolumeDeleteAction {
    private VolumeDeleteAction() {
    }

    public static Action<Void> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, VolumeDeleteRequest req) {
        VmPlans.checkHost(req, req.host(), host);
        java.nio.file.Path path = DevicePlans.volumePath(host, req.volume());
        return DevicePlans.<Void>start(req, s, Duration.ZERO)
                .step(VOLUME, new ClaimVolume(model, host.name(), req.volume(), VolumeState.DELETING,
                        v -> !v.isAttached() && v.path().equals(path.toString()),
                        v -> v.isAttached() ? "is attached to vm '" + v.vm() + "' as " + v.target() + "; detach it first"
                                : "has file " + v.path() + ", not " + path))
                .step(TRASHED, new TrashVolumeFile(path))
                .step(PURGED, new PurgeVolumeFile(path))
                .sync(r -> model.update(m -> m.volume(req.volume()).filter(v -> r.actionId().equals(v.owner()))
                        .ifPresent(v -> m.removeVolume(v.id()))))
                .result(r -> null)
                .build();
    }
}
