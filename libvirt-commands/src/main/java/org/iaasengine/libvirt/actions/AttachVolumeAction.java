package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.DevicePlans.PLUGGED;
import static org.iaasengine.libvirt.actions.DevicePlans.VOLUME;

import org.iaasengine.core.Action;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.AttachDevice;
import org.iaasengine.libvirt.devices.StoreDevice;
import org.iaasengine.libvirt.devices.ClaimVolume;
import org.iaasengine.libvirt.devices.Device;
import org.iaasengine.libvirt.spec.AttachVolumeRequest;
import org.iaasengine.libvirt.sync.DeviceEvents.VolumeAttached;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VolumeState;

/**
 * Volume attach: claim the volume ATTACHING (refused while it is attached anywhere), hot-plug it
 * into the running VM as the target (live and persistent together for a persistent VM, live only
 * for a transient one), and the model has it ATTACHED to the VM. A failure after the device was
 * added removes it again (and waits for libvirt to report it removed); the volume is then as it was.
 * The result is the {@code volume_attached} event.
 *
 * <pre>{@code
 * VolumeAttached e = engine.run(AttachVolumeAction.plan(model, settings, host,
 *         new AttachVolumeRequest("host-a", "web1", "data1", "vdb")));
 * }</pre>
 */
public final class AttachVolumeAction {
    private AttachVolumeAction() {
    }

    public static Action<VolumeAttached> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            AttachVolumeRequest req) {
        VmPlans.checkHost(req, req.host(), host);
        String path = DevicePlans.volumePath(host, req.volume()).toString();
        Device disk = Device.disk(path, "qcow2", req.target());
        return DevicePlans.<VolumeAttached>start(req, s, DevicePlans.REVERT_REMOVAL)
                .step(VOLUME, new ClaimVolume(model, host.name(), req.volume(), VolumeState.ATTACHING,
                        v -> !v.isAttached() && v.state() == VolumeState.AVAILABLE && v.path().equals(path),
                        v -> v.isAttached() ? "is attached to vm '" + v.vm() + "' as " + v.target()
                                : v.path().equals(path) ? "is " + v.state() : "has file " + v.path() + ", not " + path))
                .step(Step.of(PLUGGED, new AttachDevice(host.driver(), req.vm(), disk, DevicePlans.REVERT_REMOVAL))
                        .withRetry(s.retry()))
                .step(DevicePlans.STORED, new StoreDevice(host.store(), req.vm(), disk, StoreDevice.Change.ADD))
                .sync(r -> model.releaseVolume(req.volume(), r.actionId(), v -> v.attachedTo(req.vm(), req.target())))
                .result(r -> new VolumeAttached(host.name(), req.vm(), req.volume(), req.target(), path))
                .build();
    }
}
