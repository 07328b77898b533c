package org.iaasengine.libvirt.xml;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.iaasengine.core.InvalidInputException;

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
public final class DomainXmlBuilder {
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

    DomainXmlBuilder(String name) {
        this.name = Checks.name(name);
    }

    /** {@code qemu} (TCG, the default, works without KVM) or {@code kvm}. */
    public DomainXmlBuilder type(String type) {
        this.type = Checks.domainType(type);
        return this;
    }

    /** A fixed UUID; without one libvirt generates it. */
    public DomainXmlBuilder uuid(UUID uuid) {
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        return this;
    }

    /** Memory in KiB (more than 0, at most 16 TiB); also the current memory. */
    public DomainXmlBuilder memoryKiB(long kib) {
        this.memoryKiB = Checks.memoryKiB(kib);
        return this;
    }

    /** Memory in MiB (more than 0, at most 16 TiB); also the current memory. */
    public DomainXmlBuilder memoryMiB(long mib) {
        this.memoryKiB = Checks.memoryMiB(mib);
        return this;
    }

    /** vCPUs, 1 (the default) to 4096; the machine type may allow fewer (i440fx 255, q35 288). */
    public DomainXmlBuilder vcpus(int vcpus) {
        this.vcpus = Checks.vcpus(vcpus);
        return this;
    }

    /** The guest architecture, {@code x86_64} by default. */
    public DomainXmlBuilder arch(String arch) {
        this.arch = Checks.token("arch", arch);
        return this;
    }

    /** The machine type, such as {@code q35}; libvirt's default if not given. */
    public DomainXmlBuilder machine(String machine) {
        this.machine = Checks.token("machine", machine);
        return this;
    }

    /** Boots a kernel directly: absolute kernel path, absolute initrd path or null, and a command line. */
    public DomainXmlBuilder directKernel(String kernel, String initrd, String cmdline) {
        this.kernel = Checks.absolutePath("kernel", kernel);
        this.initrd = initrd == null ? null : Checks.absolutePath("initrd", initrd);
        this.cmdline = cmdline == null ? null : Checks.xmlText("kernel cmdline", cmdline);
        return this;
    }

    /** Adds a boot device, in order: {@code hd}, {@code cdrom}, {@code network} or {@code fd}. */
    public DomainXmlBuilder bootDevice(String dev) {
        InvalidInputException.check(List.of("hd", "cdrom", "network", "fd").contains(dev),
                "boot device must be hd, cdrom, network or fd, got %s", dev == null ? null : Checks.quoted(dev));
        bootDevices.add(dev);
        return this;
    }

    /** Whether the guest has ACPI (needed for a graceful {@code virsh shutdown}). */
    public DomainXmlBuilder acpi(boolean acpi) {
        this.acpi = acpi;
        return this;
    }

    /** Whether the guest has an APIC. */
    public DomainXmlBuilder apic(boolean apic) {
        this.apic = apic;
        return this;
    }

    /** What libvirt does on guest power-off, reboot and crash; defaults destroy, restart, destroy. */
    public DomainXmlBuilder lifecycle(String onPoweroff, String onReboot, String onCrash) {
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
    public DomainXmlBuilder emulator(String emulator) {
        this.emulator = Checks.absolutePath("emulator", emulator);
        return this;
    }

    /**
     * Adds a file disk: absolute image path, format {@code qcow2} or {@code raw}, target such as
     * {@code vda} (bus from the prefix: {@code vd} virtio, {@code sd} scsi, {@code hd} ide).
     */
    public DomainXmlBuilder disk(String path, String format, String targetDev) {
        return addDisk("disk", Checks.absolutePath("disk path", path), Checks.diskFormat(format), targetDev,
                false);
    }

    /** Adds a read-only file disk, like {@link #disk} with {@code <readonly/>}. */
    public DomainXmlBuilder readonlyDisk(String path, String format, String targetDev) {
        return addDisk("disk", Checks.absolutePath("disk path", path), Checks.diskFormat(format), targetDev,
                true);
    }

    /** Adds a CD-ROM with a raw image (or empty if {@code isoPath} is null), such as {@code hdc}. */
    public DomainXmlBuilder cdrom(String isoPath, String targetDev) {
        return addDisk("cdrom", isoPath == null ? null : Checks.absolutePath("cdrom image", isoPath), "raw",
                targetDev, true);
    }

    private DomainXmlBuilder addDisk(String device, String path, String format, String targetDev, boolean readonly) {
        String dev = Checks.targetDev(targetDev);
        for (Object o : devices) {
            if (o instanceof Disk d) {
                InvalidInputException.check(!d.targetDev().orElse("").equals(dev), "disk target %s is used twice", dev);
            }
        }
        devices.add(Disk.file(device, path, format, dev, busFor(dev), readonly));
        return this;
    }

    static String busFor(String dev) {
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
    public DomainXmlBuilder userInterface(String mac) {
        return addInterface(NetInterface.of("user", checkedMac(mac), null, null));
    }

    /** Adds an interface on libvirt network {@code network} with this MAC (null: libvirt assigns one). */
    public DomainXmlBuilder networkInterface(String network, String mac) {
        return addInterface(NetInterface.of("network", checkedMac(mac), Checks.networkName(network), null));
    }

    /** Adds an interface on host bridge {@code bridge} with this MAC (null: libvirt assigns one). */
    public DomainXmlBuilder bridgeInterface(String bridge, String mac) {
        return addInterface(NetInterface.of("bridge", checkedMac(mac), null, Checks.token("bridge", bridge)));
    }

    /** Sets the NIC model ({@code virtio}, {@code e1000}...) of the interface added last. */
    public DomainXmlBuilder interfaceModel(String model) {
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

    private DomainXmlBuilder addInterface(NetInterface nic) {
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
    public DomainXmlBuilder serialFile(String path) {
        devices.add(Serial.of("file", Checks.absolutePath("serial log", path), serialPorts++));
        return this;
    }

    /** Adds a serial port on a pseudo terminal ({@code virsh console}). */
    public DomainXmlBuilder serialPty() {
        devices.add(Serial.of("pty", null, serialPorts++));
        return this;
    }

    /** VNC graphics with an automatic port, listening on {@code listen} (such as {@code 127.0.0.1}). */
    public DomainXmlBuilder graphicsVnc(String listen) {
        graphics = Graphics.autoport("vnc", Checks.token("listen address", listen));
        return this;
    }

    /** SPICE graphics with an automatic port, listening on {@code listen}. */
    public DomainXmlBuilder graphicsSpice(String listen) {
        graphics = Graphics.autoport("spice", Checks.token("listen address", listen));
        return this;
    }

    /** No graphics device (the default); libvirt has no {@code <graphics type='none'>}. */
    public DomainXmlBuilder graphicsNone() {
        graphics = null;
        return this;
    }

    /** The definition; memory must have been given. */
    public DomainXml build() {
        Preconditions.checkState(memoryKiB > 0, "memory of domain %s was not given", Checks.quoted(name));
        DomainXml d = DomainXml.blank(type);
        d.set(DomainXml.NAME, name);
        d.set(DomainXml.UUID_ELEMENT, uuid == null ? null : uuid.toString());
        d.set(DomainXml.MEMORY, MemoryAmount.ofKiB(memoryKiB));
        d.set(DomainXml.CURRENT_MEMORY, MemoryAmount.ofKiB(memoryKiB));
        d.set(DomainXml.VCPU, new Vcpu(vcpus));
        Os os = Os.hvm(arch, machine);
        if (kernel != null) {
            os.directKernel(kernel, initrd, cmdline);
        }
        bootDevices.forEach(os::addBoot);
        d.set(DomainXml.OS, os);
        if (acpi || apic) {
            Features features = new Features();
            features.setAcpi(acpi);
            features.setApic(apic);
            d.set(DomainXml.FEATURES, features);
        }
        d.set(DomainXml.ON_POWEROFF, onPoweroff);
        d.set(DomainXml.ON_REBOOT, onReboot);
        d.set(DomainXml.ON_CRASH, onCrash);
        Devices dev = new Devices();
        dev.setEmulator(emulator);
        devices.forEach(dev::add);
        if (graphics != null) {
            dev.add(graphics);
        }
        d.set(DomainXml.DEVICES, dev);
        // A deep copy through the codec, so two builds never share the builder's device objects.
        return d.copy();
    }
}
