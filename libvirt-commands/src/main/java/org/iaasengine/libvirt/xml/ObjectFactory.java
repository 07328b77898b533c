package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBElement;
import jakarta.xml.bind.annotation.XmlElementDecl;
import jakarta.xml.bind.annotation.XmlRegistry;
import javax.xml.namespace.QName;

/**
 * The known child elements of each {@link OrderedElement}, declared in the scope of their parent:
 * {@code <source>} of a disk and of an interface are different types with the same name, and a
 * name known under one parent stays unknown (kept as DOM) under every other. The children of
 * {@link CharDevice} are declared for {@link Serial} and {@link Console}: JAXB takes the
 * properties of that {@code @XmlTransient} base as theirs. JAXB reads the
 * declarations from here; the library builds its elements through {@link OrderedElement#set}.
 */
@XmlRegistry
final class ObjectFactory {

    ObjectFactory() {
    }

    private static <T> JAXBElement<T> e(String name, Class<T> type, Class<?> scope, T value) {
        return new JAXBElement<>(new QName(name), type, scope, value);
    }

    // ------------------------------------------------------------------ <domain>

    @XmlElementDecl(name = "name", scope = DomainXml.class)
    JAXBElement<String> domainName(String v) {
        return e("name", String.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "uuid", scope = DomainXml.class)
    JAXBElement<String> domainUuid(String v) {
        return e("uuid", String.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "maxMemory", scope = DomainXml.class)
    JAXBElement<MemoryAmount> domainMaxMemory(MemoryAmount v) {
        return e("maxMemory", MemoryAmount.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "memory", scope = DomainXml.class)
    JAXBElement<MemoryAmount> domainMemory(MemoryAmount v) {
        return e("memory", MemoryAmount.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "currentMemory", scope = DomainXml.class)
    JAXBElement<MemoryAmount> domainCurrentMemory(MemoryAmount v) {
        return e("currentMemory", MemoryAmount.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "vcpu", scope = DomainXml.class)
    JAXBElement<Vcpu> domainVcpu(Vcpu v) {
        return e("vcpu", Vcpu.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "vcpus", scope = DomainXml.class)
    JAXBElement<Vcpus> domainVcpus(Vcpus v) {
        return e("vcpus", Vcpus.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "cputune", scope = DomainXml.class)
    JAXBElement<Cputune> domainCputune(Cputune v) {
        return e("cputune", Cputune.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "os", scope = DomainXml.class)
    JAXBElement<Os> domainOs(Os v) {
        return e("os", Os.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "features", scope = DomainXml.class)
    JAXBElement<Features> domainFeatures(Features v) {
        return e("features", Features.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "cpu", scope = DomainXml.class)
    JAXBElement<Cpu> domainCpu(Cpu v) {
        return e("cpu", Cpu.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "on_poweroff", scope = DomainXml.class)
    JAXBElement<String> domainOnPoweroff(String v) {
        return e("on_poweroff", String.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "on_reboot", scope = DomainXml.class)
    JAXBElement<String> domainOnReboot(String v) {
        return e("on_reboot", String.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "on_crash", scope = DomainXml.class)
    JAXBElement<String> domainOnCrash(String v) {
        return e("on_crash", String.class, DomainXml.class, v);
    }

    @XmlElementDecl(name = "devices", scope = DomainXml.class)
    JAXBElement<Devices> domainDevices(Devices v) {
        return e("devices", Devices.class, DomainXml.class, v);
    }

    // ------------------------------------------------------------------ <cpu>, <cputune>, <vcpus>

    @XmlElementDecl(name = "topology", scope = Cpu.class)
    JAXBElement<Topology> cpuTopology(Topology v) {
        return e("topology", Topology.class, Cpu.class, v);
    }

    @XmlElementDecl(name = "numa", scope = Cpu.class)
    JAXBElement<Numa> cpuNuma(Numa v) {
        return e("numa", Numa.class, Cpu.class, v);
    }

    @XmlElementDecl(name = "cell", scope = Numa.class)
    JAXBElement<NumaCell> numaCell(NumaCell v) {
        return e("cell", NumaCell.class, Numa.class, v);
    }

    @XmlElementDecl(name = "vcpupin", scope = Cputune.class)
    JAXBElement<Vcpupin> cputuneVcpupin(Vcpupin v) {
        return e("vcpupin", Vcpupin.class, Cputune.class, v);
    }

    @XmlElementDecl(name = "vcpu", scope = Vcpus.class)
    JAXBElement<VcpuState> vcpusVcpu(VcpuState v) {
        return e("vcpu", VcpuState.class, Vcpus.class, v);
    }

    // ------------------------------------------------------------------ <os>, <features>

    @XmlElementDecl(name = "type", scope = Os.class)
    JAXBElement<Os.OsType> osType(Os.OsType v) {
        return e("type", Os.OsType.class, Os.class, v);
    }

    @XmlElementDecl(name = "kernel", scope = Os.class)
    JAXBElement<String> osKernel(String v) {
        return e("kernel", String.class, Os.class, v);
    }

    @XmlElementDecl(name = "initrd", scope = Os.class)
    JAXBElement<String> osInitrd(String v) {
        return e("initrd", String.class, Os.class, v);
    }

    @XmlElementDecl(name = "cmdline", scope = Os.class)
    JAXBElement<String> osCmdline(String v) {
        return e("cmdline", String.class, Os.class, v);
    }

    @XmlElementDecl(name = "boot", scope = Os.class)
    JAXBElement<Os.Boot> osBoot(Os.Boot v) {
        return e("boot", Os.Boot.class, Os.class, v);
    }

    @XmlElementDecl(name = "acpi", scope = Features.class)
    JAXBElement<Flag> featuresAcpi(Flag v) {
        return e("acpi", Flag.class, Features.class, v);
    }

    @XmlElementDecl(name = "apic", scope = Features.class)
    JAXBElement<Flag> featuresApic(Flag v) {
        return e("apic", Flag.class, Features.class, v);
    }

    // ------------------------------------------------------------------ <devices> and devices

    @XmlElementDecl(name = "emulator", scope = Devices.class)
    JAXBElement<String> devicesEmulator(String v) {
        return e("emulator", String.class, Devices.class, v);
    }

    @XmlElementDecl(name = "driver", scope = Disk.class)
    JAXBElement<Disk.Driver> diskDriver(Disk.Driver v) {
        return e("driver", Disk.Driver.class, Disk.class, v);
    }

    @XmlElementDecl(name = "source", scope = Disk.class)
    JAXBElement<Disk.Source> diskSource(Disk.Source v) {
        return e("source", Disk.Source.class, Disk.class, v);
    }

    @XmlElementDecl(name = "target", scope = Disk.class)
    JAXBElement<Disk.Target> diskTarget(Disk.Target v) {
        return e("target", Disk.Target.class, Disk.class, v);
    }

    @XmlElementDecl(name = "readonly", scope = Disk.class)
    JAXBElement<Flag> diskReadonly(Flag v) {
        return e("readonly", Flag.class, Disk.class, v);
    }

    @XmlElementDecl(name = "mac", scope = NetInterface.class)
    JAXBElement<NetInterface.Mac> interfaceMac(NetInterface.Mac v) {
        return e("mac", NetInterface.Mac.class, NetInterface.class, v);
    }

    @XmlElementDecl(name = "source", scope = NetInterface.class)
    JAXBElement<NetInterface.Source> interfaceSource(NetInterface.Source v) {
        return e("source", NetInterface.Source.class, NetInterface.class, v);
    }

    @XmlElementDecl(name = "model", scope = NetInterface.class)
    JAXBElement<NetInterface.Model> interfaceModel(NetInterface.Model v) {
        return e("model", NetInterface.Model.class, NetInterface.class, v);
    }

    @XmlElementDecl(name = "target", scope = NetInterface.class)
    JAXBElement<NetInterface.Target> interfaceTarget(NetInterface.Target v) {
        return e("target", NetInterface.Target.class, NetInterface.class, v);
    }

    @XmlElementDecl(name = "source", scope = Serial.class)
    JAXBElement<CharDevice.Source> serialSource(CharDevice.Source v) {
        return e("source", CharDevice.Source.class, Serial.class, v);
    }

    @XmlElementDecl(name = "target", scope = Serial.class)
    JAXBElement<CharDevice.Target> serialTarget(CharDevice.Target v) {
        return e("target", CharDevice.Target.class, Serial.class, v);
    }

    @XmlElementDecl(name = "source", scope = Console.class)
    JAXBElement<CharDevice.Source> consoleSource(CharDevice.Source v) {
        return e("source", CharDevice.Source.class, Console.class, v);
    }

    @XmlElementDecl(name = "target", scope = Console.class)
    JAXBElement<CharDevice.Target> consoleTarget(CharDevice.Target v) {
        return e("target", CharDevice.Target.class, Console.class, v);
    }
}
