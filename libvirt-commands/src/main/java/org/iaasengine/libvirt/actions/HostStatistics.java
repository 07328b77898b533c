package org.iaasengine.libvirt.actions;

import java.time.Duration;

/**
 * A host's CPU and memory use between two samples: the GSN HostStatistical result.
 *
 * @param host        the host's model name
 * @param cpuUsage    busy share of all CPUs over the interval, 0.0 to 1.0
 * @param memTotalKiB total memory
 * @param memUsedKiB  memory in use (total minus free, buffers and page cache)
 * @param memFreeKiB  free memory
 * @param interval    time between the two samples
 */
public record HostStatistics(String host, double cpuUsage, long memTotalKiB, long memUsedKiB, long memFreeKiB,
        Duration interval) {
}
