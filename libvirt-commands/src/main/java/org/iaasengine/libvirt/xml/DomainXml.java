package org.iaasengine.libvirt.xml;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.base.Preconditions;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A libvirt domain definition, the {@code <domain>} document: name, uuid, type, memory, vCPUs,
 * {@code <os>}, {@code <features>}, lifecycle actions and {@code <devices>}. Everything the
 * model does not know is kept as read, so {@code fromXml} then {@code toXml} loses nothing.
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
 * <p>Read, change, write back:
 * <pre>{@code
 * DomainXml vm = DomainXmlCodec.fromXml(driver.dumpXml("web1"));
 * vm.setMemoryMiB(1024);
 * vm.setMac(0, "52:54:00:ab:cd:ef");
 * driver.define(DomainXmlCodec.toXml(vm));
 * }</pre>
 *
 * <p>A {@code DomainXml} is a mutable document, not thread-safe: confine it to one thread, or
 * share its XML text instead. Setters check their argument and name the bad value.
 */
@XmlRootElement(name = "domain")
@XmlType(propOrder = {"name", "uuid", "memory", "currentMemory", "vcpu", "os", "features", "onPoweroff",
    "onReboot", "onCrash", "devices", "otherElements"})
public final class DomainXml extends Extensible {
    @XmlAttribute(required = true)
    private String type;
    @XmlElement
    private String name;
    @XmlElement
    private String uuid;
    @XmlElement
    private MemoryAmount memory;
    @XmlElement
    private MemoryAmount currentMemory;
    @XmlElement
    private Vcpu vcpu;
    @XmlElement
    private Os os;
    @XmlElement
    private Features features;
    @XmlElement(name = "on_poweroff")
    private String onPoweroff;
    @XmlElement(name = "on_reboot")
    private String onReboot;
    @XmlElement(name = "on_crash")
    private String onCrash;
    @XmlElement
    private Devices devices;

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
        return name;
    }

    /** The UUID; empty in a definition that leaves it to libvirt. */
    public Optional<UUID> uuid() {
        return Optional.ofNullable(uuid).map(DomainXml::parseUuid);
    }

    /** The maximum memory of the domain in KiB ({@code <memory>}); 0 if absent. */
    public long memoryKiB() {
        return memory == null ? 0 : memory.kib();
    }

    /** The current (balloon) memory in KiB ({@code <currentMemory>}), if present. */
    public OptionalLong currentMemoryKiB() {
        return currentMemory == null ? OptionalLong.empty() : OptionalLong.of(currentMemory.kib());
    }

    /** The number of vCPUs ({@code <vcpu>}); libvirt's default is 1. */
    public int vcpus() {
        return vcpu == null ? 1 : vcpu.count();
    }

    /** The vCPU placement, {@code static} or {@code auto}, if given. */
    public Optional<String> vcpuPlacement() {
        return Optional.ofNullable(vcpu).map(Vcpu::placement);
    }

    /** The {@code <os>} element. */
    public Optional<Os> os() {
        return Optional.ofNullable(os);
    }

    /** The {@code <features>} element. */
    public Optional<Features> features() {
        return Optional.ofNullable(features);
    }

    /** What libvirt does when the guest powers off: {@code destroy}, {@code restart}... */
    public Optional<String> onPoweroff() {
        return Optional.ofNullable(onPoweroff);
    }

    /** What libvirt does when the guest reboots. */
    public Optional<String> onReboot() {
        return Optional.ofNullable(onReboot);
    }

    /** What libvirt does when the guest crashes. */
    public Optional<String> onCrash() {
        return Optional.ofNullable(onCrash);
    }

    /** The {@code <devices>} element (an empty one is created if absent). */
    public Devices devices() {
        if (devices == null) {
            devices = new Devices();
        }
        return devices;
    }

    /** The MAC addresses of all interfaces that have one, in lower case, in device order. */
    public List<String> macs() {
        if (devices == null) {
            return List.of();
        }
        return devices.interfaces().stream().flatMap(i -> i.mac().stream()).toList();
    }

    /** The source files of all disks that have one (CD-ROM images included), in device order. */
    public List<String> disks() {
        if (devices == null) {
            return List.of();
        }
        return devices.disks().stream().flatMap(d -> d.sourceFile().stream()).toList();
    }

    /** Renames the domain; checked as libvirt checks names. */
    public DomainXml setName(String name) {
        this.name = Checks.name(name);
        return this;
    }

    /** Sets the UUID, written in libvirt's dashed lower-case form. */
    public DomainXml setUuid(UUID uuid) {
        this.uuid = Objects.requireNonNull(uuid, "uuid").toString();
        return this;
    }

    /**
     * Sets {@code <memory>} and, if present, {@code <currentMemory>} to {@code kib} KiB (more
     * than 0, at most 16 TiB).
     */
    public DomainXml setMemoryKiB(long kib) {
        Checks.memoryKiB(kib);
        if (memory == null) {
            memory = MemoryAmount.ofKiB(kib);
        } else {
            memory.setKiB(kib);
        }
        if (currentMemory != null) {
            currentMemory.setKiB(kib);
        }
        return this;
    }

    /** {@link #setMemoryKiB(long)} in MiB. */
    public DomainXml setMemoryMiB(long mib) {
        return setMemoryKiB(Checks.memoryMiB(mib));
    }

    /** Sets the vCPU count (1 to 4096), keeping placement and other attributes. */
    public DomainXml setVcpus(int vcpus) {
        Checks.vcpus(vcpus);
        if (vcpu == null) {
            vcpu = new Vcpu(vcpus);
        } else {
            vcpu.setCount(vcpus);
        }
        return this;
    }

    /**
     * Sets the MAC address of interface {@code index} (in device order) to a unicast
     * {@code xx:xx:xx:xx:xx:xx}, stored in lower case.
     */
    public DomainXml setMac(int index, String mac) {
        String checked = Checks.mac(mac);
        List<NetInterface> nics = devices == null ? List.of() : devices.interfaces();
        Preconditions.checkElementIndex(index, nics.size(), "interface index " + index + " of " + nics.size());
        nics.get(index).setMac(checked);
        return this;
    }

    /** libvirt's UUID syntax: 32 hex digits, dashes anywhere, surrounding blanks ignored. */
    static UUID parseUuid(String text) {
        String hex = text.strip().replace("-", "");
        checkArgument(hex.length() == 32 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0),
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
            checkArgument(List.of("hd", "cdrom", "network", "fd").contains(dev),
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
                checkArgument(allowed.contains(action),
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
                    checkArgument(!d.targetDev().orElse("").equals(dev), "disk target %s is used twice", dev);
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
            throw new IllegalArgumentException("disk target must start with vd, sd or hd, got " + Checks.quoted(dev));
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
                        checkArgument(!n.mac().orElse("").equals(mac), "MAC address %s is used twice", mac);
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
            d.name = name;
            d.uuid = uuid == null ? null : uuid.toString();
            d.memory = MemoryAmount.ofKiB(memoryKiB);
            d.currentMemory = MemoryAmount.ofKiB(memoryKiB);
            d.vcpu = new Vcpu(vcpus);
            d.os = Os.hvm(arch, machine);
            if (kernel != null) {
                d.os.directKernel(kernel, initrd, cmdline);
            }
            bootDevices.forEach(d.os::addBoot);
            if (acpi || apic) {
                d.features = new Features();
                d.features.setAcpi(acpi);
                d.features.setApic(apic);
            }
            d.onPoweroff = onPoweroff;
            d.onReboot = onReboot;
            d.onCrash = onCrash;
            d.devices = new Devices();
            d.devices.setEmulator(emulator);
            devices.forEach(d.devices::add);
            if (graphics != null) {
                d.devices.add(graphics);
            }
            // A deep copy through the codec, so two builds never share the builder's device objects.
            return d.copy();
        }
    }
}
