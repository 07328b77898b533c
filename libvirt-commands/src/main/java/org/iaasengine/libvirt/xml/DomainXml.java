package org.iaasengine.libvirt.xml;

import com.google.common.base.Preconditions;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.iaasengine.core.InvalidInputException;

/**
 * A libvirt domain definition, the {@code <domain>} document: name, uuid, type, memory, vCPUs,
 * {@code <os>}, {@code <features>}, lifecycle actions and {@code <devices>}, plus the parts of
 * {@code <cpu>}, {@code <cputune>}, {@code <vcpus>} and {@code <maxMemory>} that depend on the
 * vCPU count and the memory. Everything the model does not know is kept as read, <em>where it
 * was</em>: every element keeps its known and unknown children in one list in document order
 * (see {@link OrderedElement}), so {@code fromXml} then {@code toXml} loses nothing and moves
 * nothing, and what it writes back is valid against libvirt's schema whenever the input was.
 *
 * <p>Build the XML of a new domain:
 * <pre>{@code
 * DomainXml vm = DomainXml.builder("web1").type("qemu").memoryMiB(512).vcpus(1)
 *         .directKernel("/var/lib/iaas/vmlinuz", "/var/lib/iaas/initrd.gz", "console=ttyS0")
 *         .acpi(true)
 *         .disk("/var/lib/iaas/web1.qcow2", "qcow2", "vda")
 *         .userInterface("52:54:00:12:34:56")
 *         .serialFile("/var/log/iaas/web1.log")
 *         .graphicsNone()
 *         .build();
 * driver.define(DomainXmlCodec.toXml(vm));
 * }</pre>
 *
 * <p>Read, change, write back (the driver's {@code dumpXml} includes secure data such as VNC
 * passwords, so they survive; {@code true} reads the persistent definition, not the live one):
 * <pre>{@code
 * DomainXml vm = DomainXmlCodec.fromXml(driver.dumpXml("web1", true));
 * vm.setMemoryMiB(1024);        // also the NUMA cell of a one-cell guest
 * vm.setVcpus(4);               // also sockets of <topology>, the cell's cpus, pins of removed vCPUs
 * vm.setMac(0, "52:54:00:ab:cd:ef");
 * driver.define(DomainXmlCodec.toXml(vm));
 * }</pre>
 *
 * <p>The setters change what libvirt requires to agree with the value, or refuse with an
 * {@link IllegalArgumentException} naming the value and what it conflicts with; a refused call
 * leaves the document unchanged. See {@link #setMemoryKiB(long)} and {@link #setVcpus(int)}.
 *
 * <p>A {@code DomainXml} is a mutable document, not thread-safe: confine it to one thread, or
 * share its XML text instead. Setters check their argument and name the bad value.
 */
@XmlRootElement(name = "domain")
public final class DomainXml extends OrderedElement {
    static final Child<String> NAME = new Child<>("name", String.class);
    static final Child<String> UUID_ELEMENT = new Child<>("uuid", String.class);
    static final Child<MemoryAmount> MAX_MEMORY = new Child<>("maxMemory", MemoryAmount.class);
    static final Child<MemoryAmount> MEMORY = new Child<>("memory", MemoryAmount.class);
    static final Child<MemoryAmount> CURRENT_MEMORY = new Child<>("currentMemory", MemoryAmount.class);
    static final Child<Vcpu> VCPU = new Child<>("vcpu", Vcpu.class);
    static final Child<Vcpus> VCPUS = new Child<>("vcpus", Vcpus.class);
    static final Child<Cputune> CPUTUNE = new Child<>("cputune", Cputune.class);
    static final Child<Os> OS = new Child<>("os", Os.class);
    static final Child<Features> FEATURES = new Child<>("features", Features.class);
    static final Child<Cpu> CPU = new Child<>("cpu", Cpu.class);
    static final Child<String> ON_POWEROFF = new Child<>("on_poweroff", String.class);
    static final Child<String> ON_REBOOT = new Child<>("on_reboot", String.class);
    static final Child<String> ON_CRASH = new Child<>("on_crash", String.class);
    static final Child<Devices> DEVICES = new Child<>("devices", Devices.class);
    /** libvirt's own order of the children of {@code <domain>} ({@code virDomainDefFormatInternal}). */
    private static final List<String> ORDER = List.of("name", "uuid", "genid", "title", "description",
            "metadata", "maxMemory", "memory", "currentMemory", "blkiotune", "memtune", "memoryBacking", "vcpu",
            "vcpus", "iothreads", "iothreadids", "cputune", "numatune", "resource", "sysinfo", "bootloader",
            "bootloader_args", "os", "idmap", "features", "cpu", "clock", "on_poweroff", "on_reboot", "on_crash",
            "on_lockfailure", "pm", "perf", "devices", "seclabel", "keywrap", "launchSecurity");

    @XmlAttribute(required = true)
    private String type;
    @XmlElementRefs({
        @XmlElementRef(name = "name", type = JAXBElement.class),
        @XmlElementRef(name = "uuid", type = JAXBElement.class),
        @XmlElementRef(name = "maxMemory", type = JAXBElement.class),
        @XmlElementRef(name = "memory", type = JAXBElement.class),
        @XmlElementRef(name = "currentMemory", type = JAXBElement.class),
        @XmlElementRef(name = "vcpu", type = JAXBElement.class),
        @XmlElementRef(name = "vcpus", type = JAXBElement.class),
        @XmlElementRef(name = "cputune", type = JAXBElement.class),
        @XmlElementRef(name = "os", type = JAXBElement.class),
        @XmlElementRef(name = "features", type = JAXBElement.class),
        @XmlElementRef(name = "cpu", type = JAXBElement.class),
        @XmlElementRef(name = "on_poweroff", type = JAXBElement.class),
        @XmlElementRef(name = "on_reboot", type = JAXBElement.class),
        @XmlElementRef(name = "on_crash", type = JAXBElement.class),
        @XmlElementRef(name = "devices", type = JAXBElement.class)
    })
    @XmlAnyElement(KeptElementHandler.class)
    private List<Object> children = new ArrayList<>();

    DomainXml() {
    }

    /** Starts the definition of a new domain named {@code name}, checked as libvirt checks it. */
    public static DomainXmlBuilder builder(String name) {
        return new DomainXmlBuilder(name);
    }

    /** An empty document of domain type {@code type}, for {@link DomainXmlBuilder#build()}. */
    static DomainXml blank(String type) {
        DomainXml d = new DomainXml();
        d.type = type;
        return d;
    }

    /** A deep copy, through the codec. */
    public DomainXml copy() {
        return DomainXmlCodec.fromXml(DomainXmlCodec.toXml(this));
    }

    /** The hypervisor type: {@code qemu} (TCG) or {@code kvm}. */
    public String type() {
        return type;
    }

    /** The domain name. */
    public String name() {
        return get(NAME);
    }

    /** The UUID; empty in a definition that leaves it to libvirt. */
    public Optional<UUID> uuid() {
        return Optional.ofNullable(get(UUID_ELEMENT)).map(DomainXml::parseUuid);
    }

    /** The maximum memory of the domain in KiB ({@code <memory>}); 0 if absent. */
    public long memoryKiB() {
        MemoryAmount memory = get(MEMORY);
        return memory == null ? 0 : memory.kib();
    }

    /** The current (balloon) memory in KiB ({@code <currentMemory>}), if present. */
    public OptionalLong currentMemoryKiB() {
        MemoryAmount current = get(CURRENT_MEMORY);
        return current == null ? OptionalLong.empty() : OptionalLong.of(current.kib());
    }

    /** The memory hotplug limit in KiB ({@code <maxMemory slots='16'>}), if present. */
    public OptionalLong maxMemoryKiB() {
        MemoryAmount max = get(MAX_MEMORY);
        return max == null ? OptionalLong.empty() : OptionalLong.of(max.kib());
    }

    /** The memory of each guest NUMA cell in KiB ({@code <cpu><numa><cell memory>}), in order; empty without NUMA. */
    public List<Long> numaCellMemoryKiB() {
        return numaCells().stream().map(NumaCell::memoryKiB).toList();
    }

    /** The number of vCPUs ({@code <vcpu>}); libvirt's default is 1. */
    public int vcpus() {
        Vcpu vcpu = get(VCPU);
        return vcpu == null ? 1 : vcpu.count();
    }

    /** The vCPU placement, {@code static} or {@code auto}, if given. */
    public Optional<String> vcpuPlacement() {
        return Optional.ofNullable(get(VCPU)).map(Vcpu::placement);
    }

    /** The {@code <os>} element. */
    public Optional<Os> os() {
        return Optional.ofNullable(get(OS));
    }

    /** The {@code <features>} element. */
    public Optional<Features> features() {
        return Optional.ofNullable(get(FEATURES));
    }

    /** What libvirt does when the guest powers off: {@code destroy}, {@code restart}... */
    public Optional<String> onPoweroff() {
        return Optional.ofNullable(get(ON_POWEROFF));
    }

    /** What libvirt does when the guest reboots. */
    public Optional<String> onReboot() {
        return Optional.ofNullable(get(ON_REBOOT));
    }

    /** What libvirt does when the guest crashes. */
    public Optional<String> onCrash() {
        return Optional.ofNullable(get(ON_CRASH));
    }

    /** The {@code <devices>} element (an empty one is created if absent). */
    public Devices devices() {
        Devices devices = get(DEVICES);
        if (devices == null) {
            devices = new Devices();
            set(DEVICES, devices);
        }
        return devices;
    }

    /** The MAC addresses of all interfaces that have one, in lower case, in device order. */
    public List<String> macs() {
        Devices devices = get(DEVICES);
        if (devices == null) {
            return List.of();
        }
        return devices.interfaces().stream().flatMap(i -> i.mac().stream()).toList();
    }

    /** The source files of all disks that have one (CD-ROM images included), in device order. */
    public List<String> disks() {
        Devices devices = get(DEVICES);
        if (devices == null) {
            return List.of();
        }
        return devices.disks().stream().flatMap(d -> d.sourceFile().stream()).toList();
    }

    /** Renames the domain; checked as libvirt checks names. */
    public DomainXml setName(String name) {
        set(NAME, Checks.name(name));
        return this;
    }

    /** Sets the UUID, written in libvirt's dashed lower-case form. */
    public DomainXml setUuid(UUID uuid) {
        set(UUID_ELEMENT, Objects.requireNonNull(uuid, "uuid").toString());
        return this;
    }

    /**
     * Sets the memory to {@code kib} KiB (more than 0, at most 16 TiB), and what libvirt derives
     * from it:
     * <ul>
     * <li>{@code <memory>}, and {@code <currentMemory>} if present (the balloon starts full);</li>
     * <li>a guest with one NUMA cell: that cell's {@code memory} (libvirt takes the guest's
     *     memory as the sum of its cells and ignores {@code <memory>});</li>
     * <li>a guest with several NUMA cells: refused unless their sum already is {@code kib}, since
     *     how to share the memory among them is the caller's decision; the message names each
     *     cell;</li>
     * <li>with {@code <maxMemory>} (memory hotplug): refused above it.</li>
     * </ul>
     *
     * <pre>{@code
     * vm.setMemoryKiB(2 * 1024 * 1024);   // 2 GiB
     * }</pre>
     *
     * @throws IllegalArgumentException naming {@code kib} and the cells or limit it conflicts with;
     *                                  the document is then unchanged
     */
    public DomainXml setMemoryKiB(long kib) {
        Resizing.memoryKiB(this, kib);
        return this;
    }

    /** {@link #setMemoryKiB(long)} in MiB. */
    public DomainXml setMemoryMiB(long mib) {
        return setMemoryKiB(Checks.memoryMiB(mib));
    }

    /**
     * Sets the (maximum) vCPU count {@code <vcpu>} to {@code n} (1 to 4096), keeping placement and
     * {@code cpuset}, and makes what libvirt checks against it agree:
     * <ul>
     * <li>{@code current} (the vCPUs online at boot) above {@code n} is lowered to {@code n}; below
     *     it is kept, so added vCPUs start offline, as with {@code virsh setvcpus --maximum};</li>
     * <li>{@code <vcpus>} (the state of each vCPU): entries of removed vCPUs are dropped, added
     *     vCPUs get {@code enabled='no' hotpluggable='yes'}, and {@code current} follows the
     *     enabled count;</li>
     * <li>{@code <cpu><topology>}: dies, clusters, cores and threads are kept and
     *     {@code sockets} becomes {@code n / (dies × clusters × cores × threads)}; refused when that
     *     does not divide;</li>
     * <li>{@code <cpu><numa>} with one cell: its {@code cpus} become {@code 0-(n-1)}; with several
     *     cells: refused unless no cell names a vCPU {@code >= n} and together they hold {@code n}
     *     vCPUs (how to share vCPUs among cells is the caller's decision);</li>
     * <li>{@code <cputune><vcpupin>} of vCPUs {@code >= n} are dropped (they pin vCPUs that no
     *     longer exist); {@code vcpusched}, {@code cachetune} or {@code memorytune} naming such a
     *     vCPU are refused (they are settings of a group, not of the removed vCPU alone).
     *     {@code emulatorpin} and {@code iothreadpin} do not depend on vCPUs and are kept.</li>
     * </ul>
     *
     * <pre>{@code
     * vm.setVcpus(4);   // <topology sockets='1' cores='2' threads='1'/> becomes sockets='2'
     * }</pre>
     *
     * @throws IllegalArgumentException naming {@code n} and the topology, cells or tuning element
     *                                  it conflicts with; the document is then unchanged
     */
    public DomainXml setVcpus(int n) {
        Resizing.vcpus(this, n);
        return this;
    }

    /**
     * Sets the MAC address of interface {@code index} (in device order) to a unicast
     * {@code xx:xx:xx:xx:xx:xx}, stored in lower case.
     */
    public DomainXml setMac(int index, String mac) {
        String checked = Checks.mac(mac);
        Devices devices = get(DEVICES);
        List<NetInterface> nics = devices == null ? List.of() : devices.interfaces();
        Preconditions.checkElementIndex(index, nics.size(), "interface index " + index + " of " + nics.size());
        nics.get(index).setMac(checked);
        return this;
    }

    @Override
    List<Object> children() {
        return children;
    }

    @Override
    List<String> libvirtOrder() {
        return ORDER;
    }

    List<NumaCell> numaCells() {
        Cpu cpu = get(CPU);
        return cpu == null ? List.of() : cpu.numaCells();
    }

    /** libvirt's UUID syntax: 32 hex digits, dashes anywhere, surrounding blanks ignored. */
    static UUID parseUuid(String text) {
        String hex = text.strip().replace("-", "");
        InvalidInputException.check(hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0),
                "uuid must be 32 hex digits, got '%s'", text);
        byte[] b = HexFormat.of().parseHex(hex);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xff);
            lo = (lo << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(hi, lo);
    }
}
