package org.iaasengine.powervm.actions;

/**
 * A reading of a managed system's load: processor units and memory, installed and in use, and
 * LPAR counts, from the managed system's current available resources (not from the PCM
 * performance metrics API).
 *
 * <pre>{@code
 * HostStats s = engine.run(HostStatisticalAction.plan(host));
 * double cpu = s.procUnitsUsedFraction();
 * }</pre>
 *
 * @param host               the host's model name
 * @param installedProcUnits installed processor units
 * @param availableProcUnits processor units not assigned to running partitions
 * @param installedMemoryMb  installed memory
 * @param availableMemoryMb  memory not assigned
 * @param runningLpars       client LPARs running
 * @param totalLpars         client LPARs defined
 */
public record HostStats(String host, double installedProcUnits, double availableProcUnits, long installedMemoryMb,
        long availableMemoryMb, int runningLpars, int totalLpars) {

    /** The share of processor units in use (0 to 1). */
    public double procUnitsUsedFraction() {
        return installedProcUnits <= 0 ? 0 : (installedProcUnits - availableProcUnits) / installedProcUnits;
    }

    /** The share of memory in use (0 to 1). */
    public double memoryUsedFraction() {
        return installedMemoryMb <= 0 ? 0 : (installedMemoryMb - availableMemoryMb) / (double) installedMemoryMb;
    }
}
