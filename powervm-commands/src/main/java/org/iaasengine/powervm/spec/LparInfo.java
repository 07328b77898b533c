package org.iaasengine.powervm.spec;

import org.iaasengine.powervm.xml.uom.BasePartition;
import org.iaasengine.powervm.xml.uom.Link;

/**
 * What the commands read of a partition (an LPAR or a VIOS).
 *
 * <pre>{@code
 * LparInfo info = LparInfo.of(entry.value());
 * if (info.isRunning()) ...
 * }</pre>
 *
 * @param uuid         partition UUID
 * @param name         partition name
 * @param id           partition id on its managed system
 * @param state        PartitionState as the server says ("running", "not activated", ...)
 * @param rmcState     ResourceMonitoringControlState ("active", "inactive", ...)
 * @param memoryMb     desired memory in MB
 * @param vcpus        desired virtual (or dedicated) processors
 * @param procUnits    desired processing units (0 for dedicated)
 * @param systemUuid   UUID of the managed system, from AssociatedManagedSystem
 * @param type         PartitionType
 */
public record LparInfo(String uuid, String name, int id, String state, String rmcState, long memoryMb, int vcpus,
        double procUnits, String systemUuid, String type) {

    /** Reads the facts of a partition payload. */
    public static LparInfo of(BasePartition p) {
        double units = p.processorConfiguration != null && p.processorConfiguration.shared != null
                && p.processorConfiguration.shared.desiredProcessingUnits != null
                        ? p.processorConfiguration.shared.desiredProcessingUnits : 0;
        int vcpus = p.processorConfiguration == null ? 0 : p.processorConfiguration.desiredProcessors();
        return new LparInfo(p.uuid(), p.partitionName, p.partitionId == null ? 0 : p.partitionId,
                p.partitionState == null ? "unknown" : p.partitionState.trim(),
                p.rmcState == null ? "unknown" : p.rmcState.trim(), p.desiredMemoryMb(), vcpus, units,
                Link.lastSegment(p.associatedManagedSystem), p.partitionType);
    }

    /** A reference to this partition. */
    public LparRef ref() {
        return new LparRef(uuid, name);
    }

    /** True unless the partition is "not activated" (off). */
    public boolean isActivated() {
        return !"not activated".equals(state);
    }

    /** True when the RMC connection to the OS is active (OS shutdown is possible). */
    public boolean rmcActive() {
        return "active".equals(rmcState);
    }
}
