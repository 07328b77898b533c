package org.iaasengine.libvirt.sync;

/**
 * The named events of the device actions, as Wakame-VDC's host agent names them: plain records
 * that serialise as they are (the host agent sends them over the broker). Each device action's
 * result is its event, and {@link #event()} is its name.
 *
 * <pre>{@code
 * DeviceEvents.VolumeAttached e = engine.run(actions.attachVolume(host, "web1", "data1", "vdb"));
 * publish(e.event(), json.writeValueAsString(e));        // "volume_attached"
 * }</pre>
 */
public final class DeviceEvents {
    private DeviceEvents() {
    }

    /** One device event. */
    public sealed interface DeviceEvent extends org.iaasengine.model.InstanceEvent
            permits VolumeAttached, VolumeDetached, VnicCreated, VnicDestroyed {
        /** The event's name: {@code volume_attached}, {@code volume_detached}, {@code vnic_created}, {@code vnic_destroyed}. */
        @Override
        String event();
    }

    /**
     * {@code volume_attached}: the guest sees the volume as {@code target}.
     *
     * @param host   the host's model name
     * @param vm     the VM's name
     * @param volume the volume's id
     * @param target the guest device, such as {@code vdb}
     * @param path   the volume's file
     */
    public record VolumeAttached(String host, String vm, String volume, String target, String path)
            implements DeviceEvent {
        public static final String EVENT = "volume_attached";

        @Override
        public String event() {
            return EVENT;
        }
    }

    /**
     * {@code volume_detached}: libvirt reported the device removed; the volume is available.
     *
     * @param host   the host's model name
     * @param vm     the VM it left
     * @param volume the volume's id
     * @param target the guest device it was
     */
    public record VolumeDetached(String host, String vm, String volume, String target) implements DeviceEvent {
        public static final String EVENT = "volume_detached";

        @Override
        public String event() {
            return EVENT;
        }
    }

    /**
     * {@code vnic_created}: the VM has a new interface.
     *
     * @param host    the host's model name
     * @param vm      the VM's name
     * @param mac     its MAC address, lower case
     * @param network {@code user}, {@code network:NAME} or {@code bridge:NAME}
     */
    public record VnicCreated(String host, String vm, String mac, String network) implements DeviceEvent {
        public static final String EVENT = "vnic_created";

        @Override
        public String event() {
            return EVENT;
        }
    }

    /**
     * {@code vnic_destroyed}: libvirt reported the interface removed.
     *
     * @param host the host's model name
     * @param vm   the VM's name
     * @param mac  its MAC address, lower case
     */
    public record VnicDestroyed(String host, String vm, String mac) implements DeviceEvent {
        public static final String EVENT = "vnic_destroyed";

        @Override
        public String event() {
            return EVENT;
        }
    }
}
