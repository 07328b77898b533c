package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.DevicePlans.REMOVED;
import static org.iaasengine.libvirt.actions.DevicePlans.UNPLUGGED_CONFIG;
import static org.iaasengine.libvirt.actions.DevicePlans.UNPLUGGED_LIVE;
import static org.iaasengine.libvirt.actions.DevicePlans.VOLUME;

import java.util.function.Function;
import org.iaasengine.core.Action;
import org.iaasengine.core.Results;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.AwaitRemoved;
import org.iaasengine.libvirt.devices.ClaimVolume;
import org.iaasengine.libvirt.devices.DetachDevice;
import org.iaasengine.libvirt.devices.StoreDevice;
import org.iaasengine.libvirt.devices.Device;
import org.iaasengine.libvirt.driver.DeviceScope;
import org.iaasengine.libvirt.spec.DetachVolumeRequest;
import org.iaasengine.libvirt.sync.DeviceEvents.VolumeDetached;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Volume;
import org.iaasengine.model.VolumeState;

/**
 * Volume detach: claim the volume DETACHING (it must be attached to this VM), ask the running guest
 * to release it, wait until libvirt reports the device removed, then take it out of the persistent
 * definition; the model has it AVAILABLE. A guest that ignores the unplug gives TIMEOUT after the
 * request's deadline: the definition still has the disk and the model still shows the volume
 * ATTACHED, because it is (the unplug stays pending in QEMU; a guest that answers later has then
 * dropped a device the model still lists, which the next detach finds gone and completes). The
 * result is the {@code volume_detached} event.
 *
 * <pre>{@code
 * VolumeDetached e = engine.run(DetachVolumeAction.plan(model, settings, host,
 *         new DetachVolumeRequest("host-a", "web1", "data1", Duration.ofSeconds(30))));
 * }</pre>
 */
public final class DetachVolumeAction {
    private DetachVolumeAction() {
    }

    public static Action<VolumeDetached> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            DetachVolumeRequest req) {
        VmPlans.checkHost(req, req.host(), host);
        String vm = req.vm();
        Function<Results, Device> disk = r -> {
            Volume v = r.get(VOLUME);
            return Device.disk(v.path(), v.format(), v.target());
        };
        return DevicePlans.<VolumeDetached>start(req, s, req.deadline())
                .step(VOLUME, new ClaimVolume(model, host.name(), req.volume(), VolumeState.DETACHING,
                        v -> vm.equals(v.vm()) && v.state() == VolumeState.ATTACHED,
                        v -> v.isAttached() ? "is attached to vm '" + v.vm() + "' (" + v.state() + "), not to vm '"
                                + vm + "'" : "is not attached"))
                .step(Step.of(UNPLUGGED_LIVE, new DetachDevice(host.driver(), vm, disk, DeviceScope.LIVE))
                        .withRetry(s.retry()))
                .step(REMOVED, new AwaitRemoved(host.driver(), vm, disk, req.deadline()))
                .step(Step.of(UNPLUGGED_CONFIG, new DetachDevice(host.driver(), vm, disk, DeviceScope.CONFIG))
                        .withRetry(s.retry()))
                .step(DevicePlans.STORED, new StoreDevice(host.store(), vm, disk, StoreDevice.Change.REMOVE))
                .sync(r -> model.releaseVolume(req.volume(), r.actionId(), Volume::detached))
                .result(r -> new VolumeDetached(host.name(), vm, req.volume(), r.get(VOLUME).target()))
                .build();
    }
}
