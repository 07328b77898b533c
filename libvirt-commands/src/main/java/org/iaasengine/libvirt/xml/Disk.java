package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.Optional;

/**
 * A {@code <disk>} device: its type ({@code file}, {@code block}...), device ({@code disk},
 * {@code cdrom}), driver format ({@code qcow2}, {@code raw}), source file, target dev and bus, and
 * read-only flag. Everything else ({@code backingStore}, {@code alias}, {@code address},
 * {@code serial}, driver cache modes, source index...) is kept.
 *
 * <pre>{@code
 * for (Disk disk : vm.devices().disks()) {
 *     log.info("{} {} on {}", disk.format().orElse("?"), disk.sourceFile().orElse("(empty)"),
 *             disk.targetDev().orElse("?"));
 * }
 * }</pre>
 */
@XmlRootElement(name = "disk")
@XmlType(propOrder = {"driver", "source", "target", "readonly", "otherElements"})
public final class Disk extends Extensible {
    @XmlAttribute
    private String type;
    @XmlAttribute
    private String device;
    @XmlElement
    private Driver driver;
    @XmlElement
    private Source source;
    @XmlElement
    private Target target;
    @XmlElement
    private Flag readonly;

    Disk() {
    }

    static Disk file(String device, String path, String format, String targetDev, String bus, boolean readonly) {
        Disk d = new Disk();
        d.type = "file";
        d.device = device;
        d.driver = new Driver();
        d.driver.name = "qemu";
        d.driver.type = format;
        if (path != null) {
            d.source = new Source();
            d.source.file = path;
        }
        d.target = new Target();
        d.target.dev = targetDev;
        d.target.bus = bus;
        d.readonly = readonly ? new Flag() : null;
        return d;
    }

    /** The disk type: {@code file}, {@code block}, {@code network}, {@code volume}. */
    public Optional<String> type() {
        return Optional.ofNullable(type);
    }

    /** What the guest sees: {@code disk} (libvirt's default), {@code cdrom}, {@code floppy}, {@code lun}. */
    public String device() {
        return device == null ? "disk" : device;
    }

    /** The image format from {@code <driver type>}: {@code qcow2}, {@code raw}... */
    public Optional<String> format() {
        return Optional.ofNullable(driver).map(d -> d.type);
    }

    /** The image file of a {@code file} disk; empty for an empty CD-ROM or another source type. */
    public Optional<String> sourceFile() {
        return Optional.ofNullable(source).map(s -> s.file);
    }

    /** The guest device name, such as {@code vda}. */
    public Optional<String> targetDev() {
        return Optional.ofNullable(target).map(t -> t.dev);
    }

    /** The bus, such as {@code virtio}, {@code ide}, {@code sata}, {@code scsi}. */
    public Optional<String> bus() {
        return Optional.ofNullable(target).map(t -> t.bus);
    }

    /** True if {@code <readonly/>} is present. */
    public boolean readonly() {
        return readonly != null;
    }

    /** {@code <driver name='qemu' type='qcow2'/>}. */
    @XmlType(name = "")
    static final class Driver extends Extensible {
        @XmlAttribute
        String name;
        @XmlAttribute
        String type;
    }

    /** {@code <source file='/path'/>}. */
    @XmlType(name = "")
    static final class Source extends Extensible {
        @XmlAttribute
        String file;
    }

    /** {@code <target dev='vda' bus='virtio'/>}. */
    @XmlType(name = "")
    static final class Target extends Extensible {
        @XmlAttribute
        String dev;
        @XmlAttribute
        String bus;
    }
}
