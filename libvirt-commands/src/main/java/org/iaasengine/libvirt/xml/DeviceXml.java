package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Single devices as XML, for hot-plug ({@code LibvirtDriver.attachDevice} / {@code detachDevice}):
 * a file-backed {@code <disk>} or an {@code <interface>}, built by the same JAXB classes and checks
 * as {@link DomainXmlBuilder} (every value checked and escaped, never concatenated), and the look-up
 * of a device in a domain's definition by its target or MAC.
 *
 * <pre>{@code
 * String disk = DeviceXml.toXml(DeviceXml.fileDisk("/var/lib/iaas/vol-1.qcow2", "qcow2", "vdb"));
 * driver.attachDevice("web1", disk, DeviceScope.LIVE_AND_CONFIG);
 * boolean present = DeviceXml.findDisk(DomainXmlCodec.fromXml(driver.dumpXml("web1", false)), "vdb").isPresent();
 * }</pre>
 */
public final class DeviceXml {
    private DeviceXml() {
    }

    /**
     * A {@code <disk type='file' device='disk'>} of {@code path} in {@code format} ({@code qcow2},
     * {@code raw}) seen by the guest as {@code targetDev}, on the bus its name implies ({@code vd*}
     * virtio, {@code sd*} scsi, {@code hd*} ide).
     *
     * @throws org.iaasengine.core.InvalidInputException naming a bad path, format or target
     */
    public static Disk fileDisk(String path, String format, String targetDev) {
        Checks.absolutePath("disk", path);
        Checks.diskFormat(format);
        Checks.targetDev(targetDev);
        return Disk.file("disk", path, format, targetDev, DomainXmlBuilder.busFor(targetDev), false);
    }

    /**
     * An {@code <interface>} on {@code network}, written as the create request writes it:
     * {@code user}, {@code network:<name>} or {@code bridge:<name>}; with {@code mac} and, when not
     * null, the NIC {@code model} ({@code virtio}, {@code e1000}...).
     *
     * @throws org.iaasengine.core.InvalidInputException naming a bad network, MAC or model
     */
    public static NetInterface nic(String network, String mac, String model) {
        Objects.requireNonNull(network, "network");
        String checkedMac = Checks.mac(mac);
        NetInterface n;
        if (network.equals("user")) {
            n = NetInterface.of("user", checkedMac, null, null);
        } else if (network.startsWith("network:")) {
            n = NetInterface.of("network", checkedMac, Checks.networkName(network.substring(8)), null);
        } else if (network.startsWith("bridge:")) {
            n = NetInterface.of("bridge", checkedMac, null, Checks.token("bridge", network.substring(7)));
        } else {
            throw new org.iaasengine.core.InvalidInputException("network must be user, network:<name> or "
                    + "bridge:<name>, was " + Checks.quoted(network));
        }
        if (model != null) {
            n.setModel(Checks.token("interface model", model));
        }
        return n;
    }

    /** The disk of {@code domain} whose target is {@code targetDev}. */
    public static Optional<Disk> findDisk(DomainXml domain, String targetDev) {
        return disks(domain).stream().filter(d -> d.targetDev().filter(targetDev::equals).isPresent()).findFirst();
    }

    /** The interface of {@code domain} with MAC {@code mac} (compared in lower case). */
    public static Optional<NetInterface> findNic(DomainXml domain, String mac) {
        String m = mac.toLowerCase(java.util.Locale.ROOT);
        return nics(domain).stream().filter(n -> n.mac().filter(m::equals).isPresent()).findFirst();
    }

    private static List<Disk> disks(DomainXml domain) {
        return domain.devices() == null ? List.of() : domain.devices().disks();
    }

    private static List<NetInterface> nics(DomainXml domain) {
        return domain.devices() == null ? List.of() : domain.devices().interfaces();
    }

    /**
     * The domain XML with the device ({@code <disk>} or {@code <interface>}, as {@link #toXml}
     * writes it) added at the end of its devices; a device of the same target or MAC is replaced.
     * Everything else in the document is kept as it was.
     *
     * @throws IllegalArgumentException if either XML is malformed or the device is neither
     */
    public static String withDevice(String domainXml, String deviceXml) {
        DomainXml d = DomainXmlCodec.fromXml(domainXml);
        Object device = parseDevice(deviceXml);
        if (device instanceof Disk disk) {
            disk.targetDev().ifPresent(t -> findDisk(d, t).ifPresent(d.devices()::remove));
        } else if (device instanceof NetInterface nic) {
            nic.mac().ifPresent(m -> findNic(d, m).ifPresent(d.devices()::remove));
        }
        d.devices().add(device);
        return DomainXmlCodec.toXml(d);
    }

    /** The domain XML without its disk of target {@code targetDev} (unchanged when it has none). */
    public static String withoutDisk(String domainXml, String targetDev) {
        DomainXml d = DomainXmlCodec.fromXml(domainXml);
        findDisk(d, targetDev).ifPresent(d.devices()::remove);
        return DomainXmlCodec.toXml(d);
    }

    /** The domain XML without its interface of MAC {@code mac} (unchanged when it has none). */
    public static String withoutNic(String domainXml, String mac) {
        DomainXml d = DomainXmlCodec.fromXml(domainXml);
        findNic(d, mac).ifPresent(d.devices()::remove);
        return DomainXmlCodec.toXml(d);
    }

    /** A {@code <disk>} or {@code <interface>} element, parsed as safely as a domain (no DOCTYPE). */
    static Object parseDevice(String deviceXml) {
        Objects.requireNonNull(deviceXml, "deviceXml");
        try {
            org.w3c.dom.Document doc = DomainXmlCodec.secureBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader(deviceXml)));
            jakarta.xml.bind.Unmarshaller u = DomainXmlCodec.context().createUnmarshaller();
            u.setEventHandler(event -> false);
            Object o = u.unmarshal(doc);
            if (o instanceof Disk || o instanceof NetInterface) {
                return o;
            }
            throw new IllegalArgumentException("not a <disk> or <interface> element: " + o.getClass().getSimpleName());
        } catch (org.xml.sax.SAXException | java.io.IOException | JAXBException e) {
            throw new IllegalArgumentException("malformed device XML: " + e.getMessage(), e);
        }
    }

    /** The device as one XML element, without a declaration; every value escaped by JAXB. */
    public static String toXml(Disk disk) {
        return write(disk);
    }

    /** The interface as one XML element, without a declaration; every value escaped by JAXB. */
    public static String toXml(NetInterface nic) {
        return write(nic);
    }

    private static String write(OrderedElement device) {
        Objects.requireNonNull(device, "device");
        try {
            Marshaller m = DomainXmlCodec.context().createMarshaller();
            m.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            m.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            m.setEventHandler(event -> false);
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            m.marshal(device, out);
            return out.toString(StandardCharsets.UTF_8).strip() + "\n";
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write device XML: " + e, e);
        }
    }
}
