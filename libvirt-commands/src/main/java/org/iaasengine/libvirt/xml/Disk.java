package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code <disk>} device: its type ({@code file}, {@code block}...), device ({@code disk},
 * {@code cdrom}), driver format ({@code qcow2}, {@code raw}), source file, target dev and bus, and
 * read-only flag. Everything else ({@code backingStore}, {@code alias}, {@code address},
 * {@code serial}, driver cache modes, source index...) is kept, all children in document order.
 *
 * <pre>{@code
 * for (Disk disk : vm.devices().disks()) {
 *     log.info("{} {} on {}", disk.format().orElse("?"), disk.sourceFile().orElse("(empty)"),
 *             disk.targetDev().orElse("?"));
 * }
 * }</pre>
 */
@XmlRootElement(name = "disk")
public final class Disk extends OrderedElement {
    static final Child<Driver> DRIVER = new Child<>("driver", Driver.class);
    static final Child<Source> SOURCE = new Child<>("source", Source.class);
    static final Child<Target> TARGET = new Child<>("target", Target.class);
    static final Child<Flag> READONLY = new Child<>("readonly", Flag.class);
    private static final List<String> ORDER = List.of("driver", "source", "target", "readonly");

    @XmlAttribute
    private String type;
    @XmlAttribute
    private String device;
    @XmlElementRefs({
        @XmlElementRef(name = "driver", type = JAXBElement.class),
        @XmlElementRef(name = "source", type = JAXBElement.class),
        @XmlElementRef(name = "target", type = JAXBElement.class),
        @XmlElementRef(name = "readonly", type = JAXBElement.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    Disk() {
    }

    static Disk file(String device, String path, String format, String targetDev, String bus, boolean readonly) {
        Disk d = new Disk();
        d.type = "file";
        d.device = device;
        Driver driver = new Driver();
        driver.name = "qemu";
        driver.type = format;
        d.set(DRIVER, driver);
        if (path != null) {
            Source source = new Source();
            source.file = path;
            d.set(SOURCE, source);
        }
        Target target = new Target();
        target.dev = targetDev;
        target.bus = bus;
        d.set(TARGET, target);
        d.set(READONLY, readonly ? new Flag() : null);
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
        return Optional.ofNullable(get(DRIVER)).map(d -> d.type);
    }

    /** The image file of a {@code file} disk; empty for an empty CD-ROM or another source type. */
    public Optional<String> sourceFile() {
        return Optional.ofNullable(get(SOURCE)).map(s -> s.file);
    }

    /** The guest device name, such as {@code vda}. */
    public Optional<String> targetDev() {
        return Optional.ofNullable(get(TARGET)).map(t -> t.dev);
    }

    /** The bus, such as {@code virtio}, {@code ide}, {@code sata}, {@code scsi}. */
    public Optional<String> bus() {
        return Optional.ofNullable(get(TARGET)).map(t -> t.bus);
    }

    /** True if {@code <readonly/>} is present. */
    public boolean readonly() {
        return get(READONLY) != null;
    }

    @Override
    List<Object> children() {
        return children;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
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
