package org.iaasengine.agent.placement;

import java.util.Set;
import org.iaasengine.model.Host;

/**
 * A host as placement sees it: its capacity after overcommit, what its VMs and the reservations on
 * it take, and which VMs are (or are reserved to be) on it.
 *
 * @param host             the host as the cluster model has it
 * @param online           true when its agent is ONLINE (heard from in time)
 * @param capacityMemoryKiB its memory times the policy's memory overcommit
 * @param capacityVcpus    its CPUs times the policy's CPU overcommit (rounded down)
 * @param usedMemoryKiB    the memory of its VMs and reservations
 * @param usedVcpus        the vCPUs of its VMs and reservations
 * @param vms              the names of its VMs and of the VMs reserved on it
 */
public record HostLoad(Host host, boolean online, long capacityMemoryKiB, long capacityVcpus, long usedMemoryKiB,
        long usedVcpus, Set<String> vms) {
    /** The host attribute that names a host's group (announced by its agent). */
    public static final String GROUP = "group";

    public HostLoad {
        vms = Set.copyOf(vms);
    }

    public String name() {
        return host.name();
    }

    /** The host's group, or null. */
    public String group() {
        return host.attributes().get(GROUP);
    }

    public long freeMemoryKiB() {
        return capacityMemoryKiB - usedMemoryKiB;
    }

    public long freeVcpus() {
        return capacityVcpus - usedVcpus;
    }
}
