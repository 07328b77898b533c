package org.iaasengine.libvirt.driver;

/**
 * What {@code virsh dominfo} / {@code virDomainGetInfo} tell about a domain.
 *
 * @param name         its name
 * @param uuid         its UUID
 * @param state        its state
 * @param maxMemoryKiB maximum memory in KiB
 * @param memoryKiB    current memory in KiB
 * @param vcpus        virtual CPUs
 * @param cpuTimeNanos CPU time used, in nanoseconds
 * @param persistent   true when libvirt keeps its definition after it stops
 */
public record DomainInfo(String name, String uuid, DomainState state, long maxMemoryKiB, long memoryKiB, int vcpus,
        long cpuTimeNanos, boolean persistent) {
}
