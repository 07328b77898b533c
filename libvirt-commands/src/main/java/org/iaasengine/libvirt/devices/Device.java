package org.iaasengine.libvirt.devices;

import java.util.Objects;
import java.util.Optional;
import org.iaasengine.libvirt.xml.DeviceXml;
import org.iaasengine.libvirt.xml.Disk;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.iaasengine.libvirt.xml.NetInterface;

/**
 * One device to hot-plug or unplug: a file disk known by its guest target, or an interface known by
 * its MAC, with its XML (made by {@link DeviceXml}, the JAXB classes). Plain and serialisable, so a
 * step's result can name it.
 *
 * <pre>{@code
 * Device disk = Device.disk("/var/lib/iaas/data1.qcow2", "qcow2", "vdb");
 * boolean there = disk.presentIn(driver.dumpXml("web1", false));
 * }</pre>
 *
 * @param kind   disk or NIC
 * @param key    the disk's target ({@code vdb}) or the interface's MAC in lower case
 * @param source the disk's file, or the NIC's network ({@code user}, {@code network:NAME}, {@code bridge:NAME})
 * @param xml    the device element
 */
public record Device(Kind kind, String key, String source, String xml) {

    /** What kind of device. */
    public enum Kind {
        DISK, NIC
    }

    public Device {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(xml, "xml");
    }

    /** A file disk, checked by {@link DeviceXml#fileDisk}. */
    public static Device disk(String path, String format, String target) {
        return new Device(Kind.DISK, target, path, DeviceXml.toXml(DeviceXml.fileDisk(path, format, target)));
    }

    /** A virtio interface on {@code network}, checked by {@link DeviceXml#nic}. */
    public static Device nic(String network, String mac) {
        NetInterface n = DeviceXml.nic(network, mac, "virtio");
        return new Device(Kind.NIC, n.mac().orElseThrow(), network, DeviceXml.toXml(n));
    }

    /** "disk vdb" or "interface 52:54:00:..": how messages name it. */
    public String describe() {
        return kind == Kind.DISK ? "disk " + key : "interface " + key;
    }

    /** True if the domain XML has a device of this kind with this key (whatever its source). */
    public boolean presentIn(String domainXml) {
        return findIn(DomainXmlCodec.fromXml(domainXml)).isPresent();
    }

    /**
     * The source the domain's device with this key has: the disk's file (empty string for an empty
     * drive), the interface's type; empty when there is no such device.
     */
    public Optional<String> sourceIn(String domainXml) {
        return findIn(DomainXmlCodec.fromXml(domainXml));
    }

    private Optional<String> findIn(DomainXml d) {
        if (kind == Kind.DISK) {
            return DeviceXml.findDisk(d, key).map((Disk disk) -> disk.sourceFile().orElse(""));
        }
        return DeviceXml.findNic(d, key).map(NetInterface::type);
    }

    /** True if {@code found} (from {@link #sourceIn}) is this device rather than another at its key. */
    boolean sameAs(String found) {
        if (kind == Kind.DISK) {
            return found.equals(source);
        }
        String type = source.contains(":") ? source.substring(0, source.indexOf(':')) : source;
        return found.equals(type);
    }
}
