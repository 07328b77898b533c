package org.iaasengine.agent.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.iaasengine.core.InvalidInputException;

/**
 * How hosts are chosen: the filters a host must pass (all of them), the weighers that rank the
 * hosts that pass, and the overcommit ratios that make a host's capacity. Immutable.
 *
 * <pre>{@code
 * PlacementPolicy spread = PlacementPolicy.builder().cpuOvercommit(8.0).memoryOvercommit(1.0)
 *         .weigh(HostWeigher.spread(), 1.0).build();
 * }</pre>
 *
 * @param filters          every one must pass (in this order: the first refusal is a host's reason)
 * @param weighers         weighers with their multipliers; the highest sum wins
 * @param cpuOvercommit    vCPUs per host CPU (at least 0.1)
 * @param memoryOvercommit memory given out per KiB of host memory (at least 0.1)
 */
public record PlacementPolicy(List<HostFilter> filters, List<Weighed> weighers, double cpuOvercommit,
        double memoryOvercommit) {

    /** A weigher and its multiplier. */
    public record Weighed(HostWeigher weigher, double multiplier) {
        public Weighed {
            Objects.requireNonNull(weigher, "weigher");
        }
    }

    public PlacementPolicy {
        filters = List.copyOf(filters);
        weighers = List.copyOf(weighers);
        InvalidInputException.check(cpuOvercommit >= 0.1 && cpuOvercommit <= 1000,
                "CPU overcommit must be 0.1 to 1000, was %s", cpuOvercommit);
        InvalidInputException.check(memoryOvercommit >= 0.1 && memoryOvercommit <= 1000,
                "memory overcommit must be 0.1 to 1000, was %s", memoryOvercommit);
    }

    /** The built-in filters (online, node, group, anti-affinity, affinity, capacity), least usage, CPU 4:1, memory 1:1. */
    public static PlacementPolicy defaults() {
        return builder().build();
    }

    /** A builder starting from the built-in filters and overcommit, with no weigher (least usage if none is added). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link PlacementPolicy}. */
    public static final class Builder {
        private final List<HostFilter> filters = new ArrayList<>(List.of(HostFilter.online(), HostFilter.node(),
                HostFilter.group(), HostFilter.antiAffinity(), HostFilter.affinity(), HostFilter.capacity()));
        private final List<Weighed> weighers = new ArrayList<>();
        private double cpu = 4.0;
        private double memory = 1.0;

        private Builder() {
        }

        /** vCPUs given out per host CPU (default 4). */
        public Builder cpuOvercommit(double ratio) {
            this.cpu = ratio;
            return this;
        }

        /** Memory given out per unit of host memory (default 1: none). */
        public Builder memoryOvercommit(double ratio) {
            this.memory = ratio;
            return this;
        }

        /** Adds a filter after the built-in ones. */
        public Builder filter(HostFilter f) {
            filters.add(Objects.requireNonNull(f, "filter"));
            return this;
        }

        /** Adds a weigher with its multiplier. */
        public Builder weigh(HostWeigher w, double multiplier) {
            weighers.add(new Weighed(w, multiplier));
            return this;
        }

        public PlacementPolicy build() {
            List<Weighed> w = weighers.isEmpty() ? List.of(new Weighed(HostWeigher.leastUsage(), 1.0)) : weighers;
            return new PlacementPolicy(filters, w, cpu, memory);
        }
    }
}
