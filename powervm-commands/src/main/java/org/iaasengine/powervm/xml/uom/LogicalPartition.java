package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * A client logical partition (an AIX/Linux VM). {@link #create} builds the minimal create payload
 * of a shared-processor, uncapped partition, as in the recorded builder payloads.
 *
 * <pre>{@code
 * LogicalPartition lpar = LogicalPartition.create("web1", 2048, 0.5, 1);
 * client.create("ManagedSystem/" + ms + "/LogicalPartition", lpar);
 * }</pre>
 */
@XmlRootElement(name = "LogicalPartition")
@XmlAccessorType(XmlAccessType.FIELD)
public class LogicalPartition extends BasePartition {
    /** Elements this class does not map, kept for a read-modify-write. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** The create payload of a shared-processor LPAR: memory in MB, processing units, virtual CPUs. */
    public static LogicalPartition create(String name, long memoryMb, double procUnits, int vcpus) {
        LogicalPartition p = new LogicalPartition();
        p.availabilityPriority = 127;
        p.ioConfiguration = new IoConfiguration();
        p.ioConfiguration.maximumVirtualIoSlots = 64;
        p.memoryConfiguration = new MemoryConfiguration();
        p.memoryConfiguration.desiredMemory = memoryMb;
        p.memoryConfiguration.maximumMemory = memoryMb;
        p.memoryConfiguration.minimumMemory = memoryMb;
        p.partitionName = name;
        p.processorConfiguration = new ProcessorConfiguration();
        p.processorConfiguration.hasDedicatedProcessors = false;
        Shared s = new Shared();
        s.desiredProcessingUnits = procUnits;
        s.maximumProcessingUnits = procUnits;
        s.minimumProcessingUnits = procUnits;
        s.desiredVirtualProcessors = vcpus;
        s.maximumVirtualProcessors = vcpus;
        s.minimumVirtualProcessors = vcpus;
        s.sharedProcessorPoolId = 0;
        s.uncappedWeight = 128;
        p.processorConfiguration.shared = s;
        p.processorConfiguration.sharingMode = "uncapped";
        p.partitionType = "AIX/Linux";
        p.pendingProcessorCompatibilityMode = "default";
        return p;
    }
}
