package org.iaasengine.agent.placement;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.iaasengine.core.InvalidInputException;

/**
 * What a new VM needs of a host and where it may go.
 *
 * <pre>{@code
 * Demand d = Demand.builder("web2", 512, 1).group("rack-1").antiAffinity("web1").build();
 * }</pre>
 *
 * @param vm           the VM's name
 * @param memoryMiB    its memory, MiB (at least 1)
 * @param vcpus        its virtual CPUs (at least 1)
 * @param group        the host group it must go to (a host's {@value HostLoad#GROUP} attribute), or null for any
 * @param antiAffinity VMs whose hosts it must not share (Wakame's ExcludeSame, by VM)
 * @param affinity     VMs whose host it must share (all of them on that one host)
 * @param node         the one node it must go to (Wakame's SpecifyNode), or null for any
 */
public record Demand(String vm, long memoryMiB, int vcpus, String group, Set<String> antiAffinity,
        Set<String> affinity, String node) {

    public Demand {
        InvalidInputException.check(vm != null && !vm.isBlank(), "the VM name of a placement must not be empty, was '%s'",
                vm);
        InvalidInputException.check(memoryMiB >= 1, "memory of VM '%s' must be at least 1 MiB, was %s", vm, memoryMiB);
        InvalidInputException.check(vcpus >= 1, "vCPUs of VM '%s' must be at least 1, was %s", vm, vcpus);
        InvalidInputException.check(group == null || !group.isBlank(), "host group of VM '%s' must not be blank", vm);
        InvalidInputException.check(node == null || !node.isBlank(), "node of VM '%s' must not be blank", vm);
        antiAffinity = antiAffinity == null ? Set.of() : Set.copyOf(new TreeSet<>(antiAffinity));
        affinity = affinity == null ? Set.of() : Set.copyOf(new TreeSet<>(affinity));
        InvalidInputException.check(!antiAffinity.contains(vm) && !affinity.contains(vm),
                "VM '%s' cannot be placed with or away from itself", vm);
        for (String a : affinity) {
            InvalidInputException.check(!antiAffinity.contains(a),
                    "VM '%s' cannot both share and avoid the host of VM '%s'", vm, a);
        }
    }

    /** A demand for {@code vm}, with no constraint on where it goes. */
    public static Builder builder(String vm, long memoryMiB, int vcpus) {
        return new Builder(vm, memoryMiB, vcpus);
    }

    /** The memory in KiB. */
    public long memoryKiB() {
        return memoryMiB * 1024;
    }

    /** Builds a {@link Demand}. */
    public static final class Builder {
        private final String vm;
        private final long memoryMiB;
        private final int vcpus;
        private String group;
        private final Set<String> antiAffinity = new TreeSet<>();
        private final Set<String> affinity = new TreeSet<>();
        private String node;

        private Builder(String vm, long memoryMiB, int vcpus) {
            this.vm = vm;
            this.memoryMiB = memoryMiB;
            this.vcpus = vcpus;
        }

        /** Only hosts of this group. */
        public Builder group(String g) {
            this.group = g;
            return this;
        }

        /** Not on a host that has any of these VMs. */
        public Builder antiAffinity(String... vms) {
            for (String v : vms) {
                antiAffinity.add(Objects.requireNonNull(v, "vm"));
            }
            return this;
        }

        /** On the host that has all of these VMs. */
        public Builder affinity(String... vms) {
            for (String v : vms) {
                affinity.add(Objects.requireNonNull(v, "vm"));
            }
            return this;
        }

        /** On this node only. */
        public Builder node(String n) {
            this.node = n;
            return this;
        }

        public Demand build() {
            return new Demand(vm, memoryMiB, vcpus, group, antiAffinity, affinity, node);
        }
    }
}
