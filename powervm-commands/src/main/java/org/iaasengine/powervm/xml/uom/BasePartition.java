package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlTransient;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * What logical partitions and Virtual I/O Servers share: name, id, UUID, state, type, memory and
 * processor configuration, RMC state, the managed system it belongs to. Element order follows the
 * recorded payloads. The configurations keep the elements they do not map (current, runtime and
 * expansion values, I/O slots); the partition's own unmapped elements are kept by the subclass.
 *
 * <pre>{@code
 * BasePartition p = entry.content(LogicalPartition.class);
 * boolean running = "running".equals(p.partitionState);
 * }</pre>
 */
@XmlTransient
@XmlAccessorType(XmlAccessType.FIELD)
public abstract class BasePartition {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "AvailabilityPriority")
    public Integer availabilityPriority;
    @XmlElement(name = "PartitionID")
    public Integer partitionId;
    @XmlElement(name = "PartitionIOConfiguration")
    public IoConfiguration ioConfiguration;
    @XmlElement(name = "PartitionMemoryConfiguration")
    public MemoryConfiguration memoryConfiguration;
    @XmlElement(name = "PartitionName")
    public String partitionName;
    @XmlElement(name = "PartitionProcessorConfiguration")
    public ProcessorConfiguration processorConfiguration;
    @XmlElement(name = "PartitionState")
    public String partitionState;
    @XmlElement(name = "PartitionType")
    public String partitionType;
    @XmlElement(name = "PartitionUUID")
    public String partitionUuid;
    @XmlElement(name = "PendingProcessorCompatibilityMode")
    public String pendingProcessorCompatibilityMode;
    @XmlElement(name = "ResourceMonitoringControlState")
    public String rmcState;
    @XmlElement(name = "AssociatedManagedSystem")
    public Link associatedManagedSystem;
    @XmlElement(name = "ClientNetworkAdapters")
    public LinkList clientNetworkAdapters;
    @XmlElement(name = "ReferenceCode")
    public String referenceCode;
    @XmlElement(name = "MigrationState")
    public String migrationState;

    /** {@code <PartitionIOConfiguration>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "maximumVirtualIoSlots", "other"})
    public static class IoConfiguration {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "MaximumVirtualIOSlots")
        public Integer maximumVirtualIoSlots;
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <PartitionMemoryConfiguration>}, sizes in MB. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "desiredMemory", "maximumMemory", "minimumMemory", "currentMemory", "other"})
    public static class MemoryConfiguration {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "DesiredMemory")
        public Long desiredMemory;
        @XmlElement(name = "MaximumMemory")
        public Long maximumMemory;
        @XmlElement(name = "MinimumMemory")
        public Long minimumMemory;
        @XmlElement(name = "CurrentMemory")
        public Long currentMemory;
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <PartitionProcessorConfiguration>}: dedicated or shared processors. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "dedicated", "hasDedicatedProcessors", "shared", "sharingMode", "other"})
    public static class ProcessorConfiguration {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "DedicatedProcessorConfiguration")
        public Dedicated dedicated;
        @XmlElement(name = "HasDedicatedProcessors")
        public Boolean hasDedicatedProcessors;
        @XmlElement(name = "SharedProcessorConfiguration")
        public Shared shared;
        @XmlElement(name = "SharingMode")
        public String sharingMode;
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();

        /** The desired virtual (shared) or dedicated processor count, or 0. */
        public int desiredProcessors() {
            if (shared != null && shared.desiredVirtualProcessors != null) {
                return shared.desiredVirtualProcessors;
            }
            return dedicated != null && dedicated.desiredProcessors != null ? dedicated.desiredProcessors : 0;
        }
    }

    /** {@code <DedicatedProcessorConfiguration>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "desiredProcessors", "maximumProcessors", "minimumProcessors", "other"})
    public static class Dedicated {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "DesiredProcessors")
        public Integer desiredProcessors;
        @XmlElement(name = "MaximumProcessors")
        public Integer maximumProcessors;
        @XmlElement(name = "MinimumProcessors")
        public Integer minimumProcessors;
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** {@code <SharedProcessorConfiguration>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "desiredProcessingUnits", "desiredVirtualProcessors", "maximumProcessingUnits",
            "maximumVirtualProcessors", "minimumProcessingUnits", "minimumVirtualProcessors", "sharedProcessorPoolId",
            "uncappedWeight", "other"})
    public static class Shared {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "DesiredProcessingUnits")
        public Double desiredProcessingUnits;
        @XmlElement(name = "DesiredVirtualProcessors")
        public Integer desiredVirtualProcessors;
        @XmlElement(name = "MaximumProcessingUnits")
        public Double maximumProcessingUnits;
        @XmlElement(name = "MaximumVirtualProcessors")
        public Integer maximumVirtualProcessors;
        @XmlElement(name = "MinimumProcessingUnits")
        public Double minimumProcessingUnits;
        @XmlElement(name = "MinimumVirtualProcessors")
        public Integer minimumVirtualProcessors;
        @XmlElement(name = "SharedProcessorPoolID")
        public Integer sharedProcessorPoolId;
        @XmlElement(name = "UncappedWeight")
        public Integer uncappedWeight;
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** The UUID: {@code PartitionUUID}, else the atom id. */
    public String uuid() {
        return partitionUuid != null ? partitionUuid : metadata == null ? null : metadata.atom.atomId;
    }

    /** Desired memory in MB, or 0. */
    public long desiredMemoryMb() {
        return memoryConfiguration == null || memoryConfiguration.desiredMemory == null ? 0
                : memoryConfiguration.desiredMemory;
    }

    /** The links of the client network adapters (empty if none). */
    public List<Link> adapterLinks() {
        return clientNetworkAdapters == null ? new ArrayList<>() : clientNetworkAdapters.links;
    }
}
