package org.iaasengine.libvirt.driver;

/**
 * What {@code virsh nodeinfo} / {@code virNodeGetInfo} tell about a host.
 *
 * @param cpuModel  CPU model (architecture)
 * @param memoryKiB memory in KiB
 * @param cpus      logical CPUs
 * @param mhz       CPU frequency
 * @param nodes     NUMA nodes
 * @param sockets   sockets per node
 * @param cores     cores per socket
 * @param threads   threads per core
 */
public record NodeInfo(String cpuModel, long memoryKiB, int cpus, int mhz, int nodes, int sockets, int cores,
        int threads) {
}
