package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.DevicePlans.FILE;
import static org.iaasengine.libvirt.actions.DevicePlans.PLACED;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.CreateVolumeFile;
import org.iaasengine.libvirt.devices.PlaceVolume;
import org.iaasengine.libvirt.devices.VolumeFile;
import org.iaasengine.libvirt.spec.VolumeCreateRequest;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Volume;
import org.iaasengine.model.VolumeState;

/**
 * Volume create: the model gets the volume CREATING (a second of that id is refused), its file is
 * made ({@code <storage>/volumes/<id>.qcow2}: blank of the size, or a linked clone of the template), and
 * the model gets it AVAILABLE with its real size. A failure removes the file and the model entry.
 *
 * <pre>{@code
 * Volume v = engine.run(VolumeCreateAction.plan(model, settings, host,
 *         new VolumeCreateRequest("host-a", "data1", 64L << 20, null)));
 * }</pre>
 */
public final class VolumeCreateAction {
    private VolumeCreateAction() {
    }

    public static Action<Volume> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            VolumeCreateRequest req) {
        VmPlans.checkHost(req, req.host(), host);
        String path = DevicePlans.volumePath(host, req.volume()).toString();
        Volume placeholder = new Volume(req.volume(), host.name(), path, "qcow2", req.sizeBytes(), null, null,
                VolumeState.CREATING, null);
        return DevicePlans.<Volume>start(req, s, Duration.ZERO)
                .step(PLACED, new PlaceVolume(model, placeholder))
                .step(FILE, new CreateVolumeFile(org.iaasengine.libvirt.devices.VolumeScan.directory(host), req.volume(), req.sizeBytes(), host.templates(),
                        req.template(), s.actionTimeout()))
                .sync(r -> {
                    VolumeFile f = r.get(FILE);
                    model.releaseVolume(req.volume(), r.actionId(), v -> new Volume(v.id(), v.host(), f.path(),
                            f.format(), f.sizeBytes(), null, null, VolumeState.AVAILABLE, v.owner()));
                })
                .result(r -> model.volume(req.volume()).orElseThrow())
                .build();
    }
}
