package org.iaasengine.libvirt.actions;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.spec.AttachNicRequest;
import org.iaasengine.libvirt.spec.AttachVolumeRequest;
import org.iaasengine.libvirt.spec.DetachNicRequest;
import org.iaasengine.libvirt.spec.DetachVolumeRequest;
import org.iaasengine.libvirt.spec.VolumeCreateRequest;
import org.iaasengine.libvirt.spec.VolumeDeleteRequest;
import org.iaasengine.libvirt.sync.DeviceEvents.VnicCreated;
import org.iaasengine.libvirt.sync.DeviceEvents.VnicDestroyed;
import org.iaasengine.libvirt.sync.DeviceEvents.VolumeAttached;
import org.iaasengine.libvirt.sync.DeviceEvents.VolumeDetached;
import org.iaasengine.model.Volume;

/**
 * The volume and NIC actions of a {@link LibvirtActions} ({@link LibvirtActions#devices()}): the
 * same model and settings, one method per action, each making its request record.
 *
 * <pre>{@code
 * DeviceActions dev = actions.devices();
 * engine.run(dev.createVolume(host, "data1", 64L << 20));
 * engine.run(dev.attachVolume(host, "web1", "data1", "vdb"));
 * engine.run(dev.detachVolume(host, "web1", "data1", Duration.ofSeconds(30)));
 * engine.run(dev.deleteVolume(host, "data1"));
 * }</pre>
 */
public final class DeviceActions {
    private final LibvirtActions actions;

    DeviceActions(LibvirtActions actions) {
        this.actions = actions;
    }

    /** A blank qcow2 volume of {@code sizeBytes}: see {@link VolumeCreateAction}. */
    public Action<Volume> createVolume(LibvirtHost host, String id, long sizeBytes) {
        return createVolume(host, new VolumeCreateRequest(host.name(), id, sizeBytes, null));
    }

    /** A volume, blank or from a template: see {@link VolumeCreateAction}. */
    public Action<Volume> createVolume(LibvirtHost host, VolumeCreateRequest req) {
        return VolumeCreateAction.plan(actions.model(), actions.settings(), host, req);
    }

    /** Volume delete (refused while attached): see {@link VolumeDeleteAction}. */
    public Action<Void> deleteVolume(LibvirtHost host, String id) {
        return VolumeDeleteAction.plan(actions.model(), actions.settings(), host,
                new VolumeDeleteRequest(host.name(), id));
    }

    /** Hot-plug a volume: see {@link AttachVolumeAction}. */
    public Action<VolumeAttached> attachVolume(LibvirtHost host, String vm, String id, String target) {
        return AttachVolumeAction.plan(actions.model(), actions.settings(), host,
                new AttachVolumeRequest(host.name(), vm, id, target));
    }

    /** Unplug a volume, TIMEOUT after {@code deadline}: see {@link DetachVolumeAction}. */
    public Action<VolumeDetached> detachVolume(LibvirtHost host, String vm, String id, Duration deadline) {
        return DetachVolumeAction.plan(actions.model(), actions.settings(), host,
                new DetachVolumeRequest(host.name(), vm, id, deadline));
    }

    /** Hot-plug a NIC: see {@link AttachNicAction}. */
    public Action<VnicCreated> attachNic(LibvirtHost host, String vm, String mac, String network) {
        return AttachNicAction.plan(actions.model(), actions.settings(), host,
                new AttachNicRequest(host.name(), vm, mac, network));
    }

    /** Unplug a NIC, TIMEOUT after {@code deadline}: see {@link DetachNicAction}. */
    public Action<VnicDestroyed> detachNic(LibvirtHost host, String vm, String mac, Duration deadline) {
        return DetachNicAction.plan(actions.model(), actions.settings(), host,
                new DetachNicRequest(host.name(), vm, mac, deadline));
    }
}
