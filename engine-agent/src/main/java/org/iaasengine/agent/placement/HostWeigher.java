package org.iaasengine.agent.placement;

/**
 * How good a host that passed the filters is for a demand: higher is better. A policy adds the
 * weighers' values, each times its multiplier; ties go to the host whose name sorts first.
 *
 * <pre>{@code
 * PlacementPolicy.builder().weigh(HostWeigher.leastUsage(), 1.0).weigh(HostWeigher.spread(), 0.5).build();
 * }</pre>
 */
@FunctionalInterface
public interface HostWeigher {
    double weigh(HostLoad host, Demand demand);

    /**
     * Least usage (Wakame's LeastUsage): the share of the host's memory capacity and of its vCPU
     * capacity left after the demand, averaged; from 0 (full) to 1 (empty).
     */
    static HostWeigher leastUsage() {
        return (h, d) -> {
            double mem = h.capacityMemoryKiB() <= 0 ? 0
                    : (double) (h.freeMemoryKiB() - d.memoryKiB()) / h.capacityMemoryKiB();
            double cpu = h.capacityVcpus() <= 0 ? 0 : (double) (h.freeVcpus() - d.vcpus()) / h.capacityVcpus();
            return (mem + cpu) / 2;
        };
    }

    /** Spread (Wakame's ScatterBy): fewer VMs is better (minus the count of VMs and reservations). */
    static HostWeigher spread() {
        return (h, d) -> -h.vms().size();
    }

    /** Pack: the opposite of least usage, to fill hosts one after the other. */
    static HostWeigher pack() {
        HostWeigher least = leastUsage();
        return (h, d) -> -least.weigh(h, d);
    }
}
