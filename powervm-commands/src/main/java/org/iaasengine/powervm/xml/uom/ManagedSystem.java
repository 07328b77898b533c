package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * A managed system (a physical Power server): capabilities, memory (MB) and processor units
 * (installed, configurable, available), machine type/model/serial, state and name.
 *
 * <pre>{@code
 * ManagedSystem ms = client.feed("ManagedSystem", ManagedSystem.class).get(0).value();
 * long freeMb = ms.memory.currentAvailableSystemMemory;
 * }</pre>
 */
@XmlRootElement(name = "ManagedSystem")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "capabilities", "memory", "processor", "mtms", "maximumPartitions",
        "primaryIpAddress", "state", "systemName"})
public class ManagedSystem {
    @XmlAttribute
    public String schemaVersion = "V1_3_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "AssociatedSystemCapabilities")
    public Capabilities capabilities;
    @XmlElement(name = "AssociatedSystemMemoryConfiguration")
    public Memory memory;
    @XmlElement(name = "AssociatedSystemProcessorConfiguration")
    public Processor processor;
    @XmlElement(name = "MachineTypeModelAndSerialNumber")
    public Mtms mtms;
    @XmlElement(name = "MaximumPartitions")
    public Integer maximumPartitions;
    @XmlElement(name = "PrimaryIPAddress")
    public String primaryIpAddress;
    @XmlElement(name = "State")
    public String state;
    @XmlElement(name = "SystemName")
    public String systemName;

    /** {@code <AssociatedSystemCapabilities>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "activeLpmCapable", "inactiveLpmCapable", "virtualFiberChannelCapable"})
    public static class Capabilities {
        @XmlAttribute
        public String schemaVersion = "V1_3_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "ActiveLogicalPartitionMobilityCapable")
        public Boolean activeLpmCapable;
        @XmlElement(name = "InactiveLogicalPartitionMobilityCapable")
        public Boolean inactiveLpmCapable;
        @XmlElement(name = "VirtualFiberChannelCapable")
        public Boolean virtualFiberChannelCapable;
    }

    /** {@code <AssociatedSystemMemoryConfiguration>}, MB. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "SystemMemory", propOrder = {"metadata", "configurableSystemMemory",
            "currentAvailableSystemMemory", "installedSystemMemory", "memoryUsedByHypervisor"})
    public static class Memory {
        @XmlAttribute
        public String schemaVersion = "V1_3_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "ConfigurableSystemMemory")
        public Long configurableSystemMemory;
        @XmlElement(name = "CurrentAvailableSystemMemory")
        public Long currentAvailableSystemMemory;
        @XmlElement(name = "InstalledSystemMemory")
        public Long installedSystemMemory;
        @XmlElement(name = "MemoryUsedByHypervisor")
        public Long memoryUsedByHypervisor;
    }

    /** {@code <AssociatedSystemProcessorConfiguration>}, processor units. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(name = "SystemProcessor", propOrder = {"metadata", "configurableSystemProcessorUnits",
            "currentAvailableSystemProcessorUnits", "installedSystemProcessorUnits"})
    public static class Processor {
        @XmlAttribute
        public String schemaVersion = "V1_3_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "ConfigurableSystemProcessorUnits")
        public Double configurableSystemProcessorUnits;
        @XmlElement(name = "CurrentAvailableSystemProcessorUnits")
        public Double currentAvailableSystemProcessorUnits;
        @XmlElement(name = "InstalledSystemProcessorUnits")
        public Double installedSystemProcessorUnits;
    }

    /** {@code <MachineTypeModelAndSerialNumber>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "machineType", "model", "serialNumber"})
    public static class Mtms {
        @XmlAttribute
        public String schemaVersion = "V1_3_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "MachineType")
        public String machineType;
        @XmlElement(name = "Model")
        public String model;
        @XmlElement(name = "SerialNumber")
        public String serialNumber;
    }

    /** The UUID (atom id), or null. */
    public String uuid() {
        return metadata == null ? null : metadata.atom.atomId;
    }
}
