package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import jakarta.xml.bind.annotation.XmlValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <os>} element: the {@code hvm} type with its arch and machine, a direct kernel boot
 * (kernel, initrd, cmdline) and the boot devices in order. Other children ({@code loader},
 * {@code nvram}, {@code bootmenu}, {@code smbios}...) are kept.
 *
 * <pre>{@code
 * Os os = DomainXmlCodec.fromXml(xml).os().orElseThrow();
 * if (os.kernel().isPresent()) {
 *     log.info("direct boot of {} with '{}'", os.kernel().get(), os.cmdline().orElse(""));
 * }
 * }</pre>
 */
@XmlType(propOrder = {"type", "kernel", "initrd", "cmdline", "boots", "otherElements"})
public final class Os extends Extensible {
    @XmlElement(name = "type")
    private OsType type;
    @XmlElement
    private String kernel;
    @XmlElement
    private String initrd;
    @XmlElement
    private String cmdline;
    @XmlElement(name = "boot")
    private List<Boot> boots = new ArrayList<>();

    Os() {
    }

    static Os hvm(String arch, String machine) {
        Os os = new Os();
        os.type = new OsType();
        os.type.value = "hvm";
        os.type.arch = arch;
        os.type.machine = machine;
        return os;
    }

    /** The OS type, {@code hvm} for a full virtual machine; empty if libvirt wrote none. */
    public Optional<String> type() {
        return Optional.ofNullable(type).map(t -> t.value).map(String::strip);
    }

    /** The guest architecture, such as {@code x86_64}. */
    public Optional<String> arch() {
        return Optional.ofNullable(type).map(t -> t.arch);
    }

    /** The machine type, such as {@code pc-i440fx-7.2} or {@code q35}. */
    public Optional<String> machine() {
        return Optional.ofNullable(type).map(t -> t.machine);
    }

    /** The kernel of a direct kernel boot. */
    public Optional<String> kernel() {
        return Optional.ofNullable(kernel);
    }

    /** The initrd of a direct kernel boot. */
    public Optional<String> initrd() {
        return Optional.ofNullable(initrd);
    }

    /** The kernel command line of a direct kernel boot. */
    public Optional<String> cmdline() {
        return Optional.ofNullable(cmdline);
    }

    /** The {@code <boot dev>} devices in boot order ({@code hd}, {@code cdrom}, {@code network}, {@code fd}). */
    public List<String> bootDevices() {
        return boots.stream().map(b -> b.dev).toList();
    }

    void directKernel(String kernel, String initrd, String cmdline) {
        this.kernel = kernel;
        this.initrd = initrd;
        this.cmdline = cmdline;
    }

    void addBoot(String dev) {
        Boot boot = new Boot();
        boot.dev = dev;
        boots.add(boot);
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
