package org.iaasengine.libvirt.driver;

/**
 * One sample of a host's CPU times (summed over all CPUs) and memory, as {@code virsh nodecpustats}
 * and {@code virsh nodememstats} show them. CPU use between two samples is the busy share of the
 * time that passed.
 *
 * @param cpuKernelNanos kernel time
 * @param cpuUserNanos   user time
 * @param cpuIdleNanos   idle time
 * @param cpuIowaitNanos I/O wait time
 * @param memTotalKiB    total memory
 * @param memFreeKiB     free memory
 * @param memBuffersKiB  buffers
 * @param memCachedKiB   page cache
 */
public record NodeStats(long cpuKernelNanos, long cpuUserNanos, long cpuIdleNanos, long cpuIowaitNanos,
        long memTotalKiB, long memFreeKiB, long memBuffersKiB, long memCachedKiB) {

    /** Busy plus idle time. */
    public long cpuTotalNanos() {
        return cpuKernelNanos + cpuUserNanos + cpuIdleNanos + cpuIowaitNanos;
    }
}
