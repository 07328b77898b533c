package org.iaasengine.powervm.simulator;

import java.util.Objects;
import org.iaasengine.powervm.xml.uom.BasePartition;
import org.iaasengine.powervm.xml.uom.LogicalPartition;

/**
 * The update of an LPAR's memory and shared-processor configuration (POST of the LogicalPartition
 * with If-Match), as the HMC applies it: on a partition that is not activated, desired, minimum and
 * maximum may all change (minimum &le; desired &le; maximum, else 400); on an activated one the
 * change is dynamic (DLPAR): the minimum and maximum cannot change and the new desired values must
 * lie within them (400 naming the value otherwise), and the OS must take it (active RMC, else 409);
 * the current values follow. An unchanged shape is no resize (no check). Other elements of the
 * body are not applied here.
 *
 * <pre>{@code
 * LparResize.apply(current, PowerVmXml.unmarshal(body, LogicalPartition.class));
 * }</pre>
 */
final class LparResize {
    private LparResize() {
    }

    /** Applies the memory and processor configuration of {@code sent} to {@code l}. */
    static void apply(LogicalPartition l, LogicalPartition sent) {
        BasePartition.MemoryConfiguration m = sent.memoryConfiguration;
        BasePartition.Shared p = sent.processorConfiguration == null ? null : sent.processorConfiguration.shared;
        if (m == null || p == null || m.desiredMemory == null || p.desiredProcessingUnits == null
                || p.desiredVirtualProcessors == null) {
            throw SimError.badRequest("PartitionMemoryConfiguration and SharedProcessorConfiguration are required");
        }
        BasePartition.MemoryConfiguration cm = l.memoryConfiguration;
        BasePartition.Shared cp = l.processorConfiguration.shared;
        if (Objects.equals(m.desiredMemory, cm.desiredMemory) && Objects.equals(m.minimumMemory, cm.minimumMemory)
                && Objects.equals(m.maximumMemory, cm.maximumMemory)
                && Objects.equals(p.desiredProcessingUnits, cp.desiredProcessingUnits)
                && Objects.equals(p.minimumProcessingUnits, cp.minimumProcessingUnits)
                && Objects.equals(p.maximumProcessingUnits, cp.maximumProcessingUnits)
                && Objects.equals(p.desiredVirtualProcessors, cp.desiredVirtualProcessors)
                && Objects.equals(p.minimumVirtualProcessors, cp.minimumVirtualProcessors)
                && Objects.equals(p.maximumVirtualProcessors, cp.maximumVirtualProcessors)) {
            return; // no change of shape (another element changed, a rename)
        }
        boolean active = !SimState.NOT_ACTIVATED.equals(l.partitionState);
        if (active) {
            if (!Objects.equals(m.minimumMemory, cm.minimumMemory) || !Objects.equals(m.maximumMemory, cm.maximumMemory)
                    || !Objects.equals(p.minimumProcessingUnits, cp.minimumProcessingUnits)
                    || !Objects.equals(p.maximumProcessingUnits, cp.maximumProcessingUnits)
                    || !Objects.equals(p.minimumVirtualProcessors, cp.minimumVirtualProcessors)
                    || !Objects.equals(p.maximumVirtualProcessors, cp.maximumVirtualProcessors)) {
                throw SimError.badRequest("the minimum and maximum of partition " + l.partitionName
                        + " cannot change while it is " + l.partitionState);
            }
            if (!"active".equals(l.rmcState)) {
                throw SimError.conflict("partition " + l.partitionName + " has no active RMC connection: "
                        + "dynamic reconfiguration is not possible");
            }
        }
        inRange("DesiredMemory", m.desiredMemory, m.minimumMemory, m.maximumMemory);
        inRange("DesiredProcessingUnits", p.desiredProcessingUnits, p.minimumProcessingUnits,
                p.maximumProcessingUnits);
        inRange("DesiredVirtualProcessors", p.desiredVirtualProcessors, p.minimumVirtualProcessors,
                p.maximumVirtualProcessors);
        cm.desiredMemory = m.desiredMemory;
        cm.minimumMemory = m.minimumMemory;
        cm.maximumMemory = m.maximumMemory;
        cm.currentMemory = active ? m.desiredMemory : cm.currentMemory;
        cp.desiredProcessingUnits = p.desiredProcessingUnits;
        cp.minimumProcessingUnits = p.minimumProcessingUnits;
        cp.maximumProcessingUnits = p.maximumProcessingUnits;
        cp.desiredVirtualProcessors = p.desiredVirtualProcessors;
        cp.minimumVirtualProcessors = p.minimumVirtualProcessors;
        cp.maximumVirtualProcessors = p.maximumVirtualProcessors;
    }

    private static <T extends Comparable<T>> void inRange(String what, T value, T min, T max) {
        if (min == null || max == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw SimError.badRequest(what + " " + value + " is outside " + min + ".." + max);
        }
    }
}
