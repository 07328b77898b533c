package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <os>} element: the {@code hvm} type with its arch and machine, a direct kernel boot
 * (kernel, initrd, cmdline) and the boot devices in order. Other children ({@code loader},
 * {@code nvram}, {@code bootmenu}, {@code smbios}...) are kept, all children in document order.
 *
 * <pre>{@code
 * Os os = DomainXmlCodec.fromXml(xml).os().orElseThrow();
 * if (os.kernel().isPresent()) {
 *     log.info("direct boot of {} with '{}'", os.kernel().get(), os.cmdline().orElse(""));
 * }
 * }</pre>
 */
public final class Os extends OrderedElement {
    static final Child<OsType> TYPE = new Child<>("type", OsType.class);
    static final Child<String> KERNEL = new Child<>("kernel", String.class);
    static final Child<String> INITRD = new Child<>("initrd", String.class);
    static final Child<String> CMDLINE = new Child<>("cmdline", String.class);
    static final Child<Boot> BOOT = new Child<>("boot", Boot.class);
    /** libvirt's order of the children of {@code <os>}. */
    private static final List<String> ORDER = List.of("type", "firmware", "loader", "nvram", "init", "initarg",
            "initenv", "initdir", "inituser", "initgroup", "kernel", "initrd", "cmdline", "dtb", "acpi", "boot",
            "bootmenu", "smbios", "bios");

    @XmlElementRefs({
        @XmlElementRef(name = "type", type = JAXBElement.class),
        @XmlElementRef(name = "kernel", type = JAXBElement.class),
        @XmlElementRef(name = "initrd", type = JAXBElement.class),
        @XmlElementRef(name = "cmdline", type = JAXBElement.class),
        @XmlElementRef(name = "boot", type = JAXBElement.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    Os() {
    }

    static Os hvm(String arch, String machine) {
        Os os = new Os();
        OsType type = new OsType();
        type.value = "hvm";
        type.arch = arch;
        type.machine = machine;
        os.set(TYPE, type);
        return os;
    }

    /** The OS type, {@code hvm} for a full virtual machine; empty if libvirt wrote none. */
    public Optional<String> type() {
        return Optional.ofNullable(get(TYPE)).map(t -> t.value).map(String::strip);
    }

    /** The guest architecture, such as {@code x86_64}. */
    public Optional<String> arch() {
        return Optional.ofNullable(get(TYPE)).map(t -> t.arch);
    }

    /** The machine type, such as {@code pc-i440fx-7.2} or {@code q35}. */
    public Optional<String> machine() {
        return Optional.ofNullable(get(TYPE)).map(t -> t.machine);
    }

    /** The kernel of a direct kernel boot. */
    public Optional<String> kernel() {
        return Optional.ofNullable(get(KERNEL));
    }

    /** The initrd of a direct kernel boot. */
    public Optional<String> initrd() {
        return Optional.ofNullable(get(INITRD));
    }

    /** The kernel command line of a direct kernel boot. */
    public Optional<String> cmdline() {
        return Optional.ofNullable(get(CMDLINE));
    }

    /** The {@code <boot dev>} devices in boot order ({@code hd}, {@code cdrom}, {@code network}, {@code fd}). */
    public List<String> bootDevices() {
        return all(BOOT).stream().map(b -> b.dev).toList();
    }

    void directKernel(String kernel, String initrd, String cmdline) {
        set(KERNEL, kernel);
        set(INITRD, initrd);
        set(CMDLINE, cmdline);
    }

    void addBoot(String dev) {
        Boot boot = new Boot();
        boot.dev = dev;
        add(BOOT, boot);
    }

    @Override
    List<Object> children() {
        return children;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
    }

    /** {@code <type arch machine>hvm</type>}. */
    @XmlType(name = "")
    static final class OsType extends AttributeHolder {
        @XmlAttribute
        String arch;
        @XmlAttribute
        String machine;
        @XmlValue
        String value;
    }

    /** {@code <boot dev='hd'/>}. */
    @XmlType(name = "")
    static final class Boot extends AttributeHolder {
        @XmlAttribute
        String dev;
    }
}
