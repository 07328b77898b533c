package org.iaasengine.model;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableMap;
import java.util.Map;
import java.util.Objects;

/**
 * A hypervisor host as the model knows it: an immutable value.
 *
 * <pre>{@code
 * Host h = new Host("host-a", "qemu:///system", HostState.UP, "x86_64", 2, 2400, 24_000_000L, 20_000_000L, Map.of());
 * }</pre>
 *
 * @param name          unique name of the host in the model
 * @param uri           how to reach it (a libvirt URI, an HMC address)
 * @param state         whether it answers
 * @param cpuModel      CPU model or architecture
 * @param cpus          logical CPUs
 * @param mhz           CPU frequency
 * @param memoryKiB     total memory in KiB
 * @param freeMemoryKiB free memory in KiB at the last reading
 * @param attributes    other facts, by name (hypervisor version, sockets, cores)
 */
public record Host(String name, String uri, HostState state, String cpuModel, int cpus, long mhz, long memoryKiB,
        long freeMemoryKiB, Map<String, String> attributes) {

    public Host {
        Preconditions.checkArgument(name != null && !name.isEmpty(), "host name must not be empty: '%s'", name);
        Objects.requireNonNull(state, "state");
        attributes = attributes == null ? Map.of() : ImmutableMap.copyOf(attributes);
    }

    /** A host known only by name and URI, state UNKNOWN. */
    public static Host of(String name, String uri) {
        return new Host(name, uri, HostState.UNKNOWN, null, 0, 0, 0, 0, Map.of());
    }

    public Host withState(HostState s) {
        return new Host(name, uri, s, cpuModel, cpus, mhz, memoryKiB, freeMemoryKiB, attributes);
    }
}
