package org.iaasengine.libvirt.xml;

import org.iaasengine.core.InvalidInputException;


import com.google.common.base.Preconditions;
import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElementRef;
import jakarta.xml.bind.annotation.XmlElementRefs;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Collectors;

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
    public static Builder builder(String name) {
        return new Builder(name);
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
        Checks.memoryKiB(kib);
        MemoryAmount max = get(MAX_MEMORY);
        InvalidInputException.check(max == null || kib <= max.kib(),
                "memory %s KiB is above the domain's <maxMemory> of %s KiB", kib, max == null ? 0 : max.kib());
        List<NumaCell> cells = numaCells();
        if (cells.size() > 1) {
            long sum = cells.stream().mapToLong(NumaCell::memoryKiB).sum();
            InvalidInputException.check(sum == kib, "cannot set memory to %s KiB: the guest has %s NUMA cells whose memory "
                    + "libvirt adds up to %s KiB (%s); change the cells instead", kib, cells.size(), sum,
                    cells.stream().map(NumaCell::describe).collect(Collectors.joining(", ")));
        } else if (cells.size() == 1) {
            cells.get(0).setMemoryKiB(kib);
        }
        MemoryAmount memory = get(MEMORY);
        if (memory == null) {
            set(MEMORY, MemoryAmount.ofKiB(kib));
        } else {
            memory.setKiB(kib);
        }
        MemoryAmount current = get(CURRENT_MEMORY);
        if (current != null) {
            current.setKiB(kib);
        }
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
        Checks.vcpus(n);
        Cpu cpu = get(CPU);
        Topology topology = cpu == null ? null : cpu.topology();
        if (topology != null) {
            long perSocket = topology.perSocket();
            InvalidInputException.check(n % perSocket == 0, "cannot set %s vCPUs: the CPU topology %s needs a multiple of "
                    + "dies*clusters*cores*threads = %s", n, topology.describe(), perSocket);
        }
        List<NumaCell> cells = numaCells();
        if (cells.size() > 1) {
            int total = 0;
            int highest = -1;
            for (NumaCell c : cells) {
                if (c.cpus != null) {
                    BitSet ids = CpuSet.parse("NUMA " + c.describe() + " cpus", c.cpus);
                    total += ids.cardinality();
                    highest = Math.max(highest, ids.length() - 1);
                }
            }
            InvalidInputException.check(total == n && highest < n, "cannot set %s vCPUs: the guest has %s NUMA cells holding %s "
                    + "vCPUs (%s); change the cells' cpus instead", n, cells.size(), total,
                    cells.stream().map(NumaCell::describe).collect(Collectors.joining(", ")));
        }
        Cputune tune = get(CPUTUNE);
        if (tune != null) {
            tune.vcpuSetNamingAtLeast(n).ifPresent(e -> {
                throw new InvalidInputException("cannot set " + n + " vCPUs: <cputune><" + e.getLocalName()
                        + " vcpus='" + e.getAttribute("vcpus") + "'> names a vCPU that would no longer exist");
            });
        }
        // Checked: now change.
        if (topology != null) {
            topology.sockets = Long.toString(n / topology.perSocket());
        }
        if (cells.size() == 1 && cells.get(0).cpus != null) {
            cells.get(0).cpus = CpuSet.firstN(n);
        }
        if (tune != null) {
            tune.pins().stream().filter(p -> pinnedVcpu(p) >= n).toList().forEach(tune::removeValue);
        }
        Vcpu vcpu = get(VCPU);
        int before = vcpus();
        if (vcpu == null) {
            vcpu = new Vcpu(n);
            set(VCPU, vcpu);
        } else {
            vcpu.setCount(n);
        }
        Vcpus states = get(VCPUS);
        if (states != null) {
            states.states().stream().filter(v -> v.idNumber() >= n).toList().forEach(states::removeValue);
            for (int id = before; id < n; id++) {
                VcpuState added = new VcpuState();
                added.id = Integer.toString(id);
                added.enabled = "no";
                added.hotpluggable = "yes";
                states.add(Vcpus.VCPU, added);
            }
            vcpu.setCurrent((int) states.states().stream().filter(v -> "yes".equals(v.enabled)).count());
        }
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

    private List<NumaCell> numaCells() {
        Cpu cpu = get(CPU);
        return cpu == null ? List.of() : cpu.numaCells();
    }

    private static int pinnedVcpu(Vcpupin pin) {
        try {
            return Integer.parseInt(pin.vcpu == null ? "" : pin.vcpu.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("<cputune><vcpupin vcpu> is not a number: '" + pin.vcpu + "'", e);
        }
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

    /**
     * Builds the definition of a domain the library creates. Every argument is checked when given,
     * with a message naming the bad value; {@link #build()} checks the whole.
     *
     * <pre>{@code
     * DomainXml vm = DomainXml.builder("db1").memoryMiB(2048).vcpus(2).uuid(UUID.randomUUID())
     *         .disk("/srv/vm/db1.qcow2", "qcow2", "vda")
     *         .bridgeInterface("br0", "52:54:00:00:00:01")
     *         .serialPty()
     *         .graphicsVnc("127.0.0.1")
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final String name;
        private String type = "qemu";
        private UUID uuid;
        private long memoryKiB;
        private int vcpus = 1;
        private String arch = "x86_64";
        private String machine;
        private String kernel;
        private String initrd;
        private String cmdline;
        private final List<String> bootDevices = new ArrayList<>();
        private boolean acpi;
        private boolean apic;
        private String onPoweroff = "destroy";
        private String onReboot = "restart";
        private String onCrash = "destroy";
        private String emulator;
        private final List<Object> devices = new ArrayList<>();
        private Graphics graphics;
        private int serialPorts;

        private Builder(String name) {
            this.name = Checks.name(name);
        }

        /** {@code qemu} (TCG, the default, works without KVM) or {@code kvm}. */
        public Builder type(String type) {
            this.type = Checks.domainType(type);
            return this;
        }

        /** A fixed UUID; without one libvirt generates it. */
        public Builder uuid(UUID uuid) {
            this.uuid = Objects.requireNonNull(uuid, "uuid");
            return this;
        }

        /** Memory in KiB (more than 0, at most 16 TiB); also the current memory. */
        public Builder memoryKiB(long kib) {
            this.memoryKiB = Checks.memoryKiB(kib);
            return this;
        }

        /** Memory in MiB (more than 0, at most 16 TiB); also the current memory. */
        public Builder memoryMiB(long mib) {
            this.memoryKiB = Checks.memoryMiB(mib);
            return this;
        }

        /** vCPUs, 1 (the default) to 4096; the machine type may allow fewer (i440fx 255, q35 288). */
        public Builder vcpus(int vcpus) {
            this.vcpus = Checks.vcpus(vcpus);
            return this;
        }

        /** The guest architecture, {@code x86_64} by default. */
        public Builder arch(String arch) {
            this.arch = Checks.token("arch", arch);
            return this;
        }

        /** The machine type, such as {@code q35}; libvirt's default if not given. */
        public Builder machine(String machine) {
            this.machine = Checks.token("machine", machine);
            return this;
        }

        /** Boots a kernel directly: absolute kernel path, absolute initrd path or null, and a command line. */
        public Builder directKernel(String kernel, String initrd, String cmdline) {
            this.kernel = Checks.absolutePath("kernel", kernel);
            this.initrd = initrd == null ? null : Checks.absolutePath("initrd", initrd);
            this.cmdline = cmdline == null ? null : Checks.xmlText("kernel cmdline", cmdline);
            return this;
        }

        /** Adds a boot device, in order: {@code hd}, {@code cdrom}, {@code network} or {@code fd}. */
        public Builder bootDevice(String dev) {
            InvalidInputException.check(List.of("hd", "cdrom", "network", "fd").contains(dev),
                    "boot device must be hd, cdrom, network or fd, got %s", dev == null ? null : Checks.quoted(dev));
            bootDevices.add(dev);
            return this;
        }

        /** Whether the guest has ACPI (needed for a graceful {@code virsh shutdown}). */
        public Builder acpi(boolean acpi) {
            this.acpi = acpi;
            return this;
        }

        /** Whether the guest has an APIC. */
        public Builder apic(boolean apic) {
            this.apic = apic;
            return this;
        }

        /** What libvirt does on guest power-off, reboot and crash; defaults destroy, restart, destroy. */
        public Builder lifecycle(String onPoweroff, String onReboot, String onCrash) {
            List<String> allowed = List.of("destroy", "restart", "preserve", "rename-restart");
            for (String action : new String[] {onPoweroff, onReboot, onCrash}) {
                InvalidInputException.check(allowed.contains(action),
                        "lifecycle action must be destroy, restart, preserve or rename-restart, got %s",
                        action == null ? null : Checks.quoted(action));
            }
            this.onPoweroff = onPoweroff;
            this.onReboot = onReboot;
            this.onCrash = onCrash;
            return this;
        }

        /** The emulator binary; libvirt picks one if not given. */
        public Builder emulator(String emulator) {
            this.emulator = Checks.absolutePath("emulator", emulator);
            return this;
        }

        /**
         * Adds a file disk: absolute image path, format {@code qcow2} or {@code raw}, target such as
         * {@code vda} (bus from the prefix: {@code vd} virtio, {@code sd} scsi, {@code hd} ide).
         */
        public Builder disk(String path, String format, String targetDev) {
            return addDisk("disk", Checks.absolutePath("disk path", path), Checks.diskFormat(format), targetDev,
                    false);
        }

        /** Adds a read-only file disk, like {@link #disk} with {@code <readonly/>}. */
        public Builder readonlyDisk(String path, String format, String targetDev) {
            return addDisk("disk", Checks.absolutePath("disk path", path), Checks.diskFormat(format), targetDev,
                    true);
        }

        /** Adds a CD-ROM with a raw image (or empty if {@code isoPath} is null), such as {@code hdc}. */
        public Builder cdrom(String isoPath, String targetDev) {
            return addDisk("cdrom", isoPath == null ? null : Checks.absolutePath("cdrom image", isoPath), "raw",
                    targetDev, true);
        }

        private Builder addDisk(String device, String path, String format, String targetDev, boolean readonly) {
            String dev = Checks.targetDev(targetDev);
            for (Object o : devices) {
                if (o instanceof Disk d) {
                    InvalidInputException.check(!d.targetDev().orElse("").equals(dev), "disk target %s is used twice", dev);
                }
            }
            devices.add(Disk.file(device, path, format, dev, busFor(dev), readonly));
            return this;
        }

        private static String busFor(String dev) {
            if (dev.startsWith("vd")) {
                return "virtio";
            }
            if (dev.startsWith("sd")) {
                return "scsi";
            }
            if (dev.startsWith("hd")) {
                return "ide";
            }
            throw new InvalidInputException("disk target must start with vd, sd or hd, got " + Checks.quoted(dev));
        }

        /** Adds a user-mode (SLIRP) interface with this MAC (null: libvirt assigns one). */
        public Builder userInterface(String mac) {
            return addInterface(NetInterface.of("user", checkedMac(mac), null, null));
        }

        /** Adds an interface on libvirt network {@code network} with this MAC (null: libvirt assigns one). */
        public Builder networkInterface(String network, String mac) {
            return addInterface(NetInterface.of("network", checkedMac(mac), Checks.networkName(network), null));
        }

        /** Adds an interface on host bridge {@code bridge} with this MAC (null: libvirt assigns one). */
        public Builder bridgeInterface(String bridge, String mac) {
            return addInterface(NetInterface.of("bridge", checkedMac(mac), null, Checks.token("bridge", bridge)));
        }

        /** Sets the NIC model ({@code virtio}, {@code e1000}...) of the interface added last. */
        public Builder interfaceModel(String model) {
            Checks.token("interface model", model);
            NetInterface last = null;
            for (Object o : devices) {
                if (o instanceof NetInterface n) {
                    last = n;
                }
            }
            Preconditions.checkState(last != null, "interfaceModel(%s) needs an interface added before it", model);
            last.setModel(model);
            return this;
        }

        private static String checkedMac(String mac) {
            return mac == null ? null : Checks.mac(mac);
        }

        private Builder addInterface(NetInterface nic) {
            nic.mac().ifPresent(mac -> {
                for (Object o : devices) {
                    if (o instanceof NetInterface n) {
                        InvalidInputException.check(!n.mac().orElse("").equals(mac), "MAC address %s is used twice", mac);
                    }
                }
            });
            devices.add(nic);
            return this;
        }

        /** Adds a serial port whose output goes to (is appended to) the file {@code path}. */
        public Builder serialFile(String path) {
            devices.add(Serial.of("file", Checks.absolutePath("serial log", path), serialPorts++));
            return this;
        }

        /** Adds a serial port on a pseudo terminal ({@code virsh console}). */
        public Builder serialPty() {
            devices.add(Serial.of("pty", null, serialPorts++));
            return this;
        }

        /** VNC graphics with an automatic port, listening on {@code listen} (such as {@code 127.0.0.1}). */
        public Builder graphicsVnc(String listen) {
            graphics = Graphics.autoport("vnc", Checks.token("listen address", listen));
            return this;
        }

        /** SPICE graphics with an automatic port, listening on {@code listen}. */
        public Builder graphicsSpice(String listen) {
            graphics = Graphics.autoport("spice", Checks.token("listen address", listen));
            return this;
        }

        /** No graphics device (the default); libvirt has no {@code <graphics type='none'>}. */
        public Builder graphicsNone() {
            graphics = null;
            return this;
        }

        /** The definition; memory must have been given. */
        public DomainXml build() {
            Preconditions.checkState(memoryKiB > 0, "memory of domain %s was not given", Checks.quoted(name));
            DomainXml d = new DomainXml();
            d.type = type;
            d.set(NAME, name);
            d.set(UUID_ELEMENT, uuid == null ? null : uuid.toString());
            d.set(MEMORY, MemoryAmount.ofKiB(memoryKiB));
            d.set(CURRENT_MEMORY, MemoryAmount.ofKiB(memoryKiB));
            d.set(VCPU, new Vcpu(vcpus));
            Os os = Os.hvm(arch, machine);
            if (kernel != null) {
                os.directKernel(kernel, initrd, cmdline);
            }
            bootDevices.forEach(os::addBoot);
            d.set(OS, os);
            if (acpi || apic) {
                Features features = new Features();
                features.setAcpi(acpi);
                features.setApic(apic);
                d.set(FEATURES, features);
            }
            d.set(ON_POWEROFF, onPoweroff);
            d.set(ON_REBOOT, onReboot);
            d.set(ON_CRASH, onCrash);
            Devices dev = new Devices();
            dev.setEmulator(emulator);
            devices.forEach(dev::add);
            if (graphics != null) {
                dev.add(graphics);
            }
            d.set(DEVICES, dev);
            // A deep copy through the codec, so two builds never share the builder's device objects.
            return d.copy();
        }
    }
}
