package org.iaasengine.agent.placement;

import java.util.Optional;
import java.util.TreeSet;

/**
 * A rule a host must pass for a demand: it returns why the host is refused, or empty when it
 * passes. The built-in filters do nothing for a demand that does not ask what they check.
 *
 * <pre>{@code
 * HostFilter noGpuLess = (h, d) -> "yes".equals(h.host().attributes().get("gpu")) ? Optional.empty()
 *         : Optional.of("no GPU");
 * }</pre>
 */
@FunctionalInterface
public interface HostFilter {
    Optional<String> reject(HostLoad host, Demand demand);

    /** Its agent is ONLINE. */
    static HostFilter online() {
        return (h, d) -> h.online() ? Optional.empty() : Optional.of("its agent is not online");
    }

    /** Free memory and vCPUs (capacity after overcommit, less VMs and reservations) for the demand. */
    static HostFilter capacity() {
        return (h, d) -> {
            if (h.freeMemoryKiB() < d.memoryKiB()) {
                return Optional.of("free memory " + h.freeMemoryKiB() / 1024 + " MiB < " + d.memoryMiB() + " MiB asked (capacity "
                        + h.capacityMemoryKiB() / 1024 + " MiB, used " + h.usedMemoryKiB() / 1024 + " MiB)");
            }
            if (h.freeVcpus() < d.vcpus()) {
                return Optional.of("free vCPUs " + h.freeVcpus() + " < " + d.vcpus() + " asked (capacity "
                        + h.capacityVcpus() + ", used " + h.usedVcpus() + ")");
            }
            return Optional.empty();
        };
    }

    /** In the demand's host group (Wakame's host node groups). */
    static HostFilter group() {
        return (h, d) -> d.group() == null || d.group().equals(h.group()) ? Optional.empty()
                : Optional.of("group '" + h.group() + "' is not '" + d.group() + "'");
    }

    /** Has none of the demand's anti-affinity VMs. */
    static HostFilter antiAffinity() {
        return (h, d) -> {
            TreeSet<String> there = new TreeSet<>(d.antiAffinity());
            there.retainAll(h.vms());
            return there.isEmpty() ? Optional.empty() : Optional.of("has " + there + " (anti-affinity)");
        };
    }

    /** Has all of the demand's affinity VMs. */
    static HostFilter affinity() {
        return (h, d) -> {
            TreeSet<String> missing = new TreeSet<>(d.affinity());
            missing.removeAll(h.vms());
            return missing.isEmpty() ? Optional.empty() : Optional.of("does not have " + missing + " (affinity)");
        };
    }

    /** Is the demand's node (Wakame's SpecifyNode). */
    static HostFilter node() {
        return (h, d) -> d.node() == null || d.node().equals(h.name()) ? Optional.empty()
                : Optional.of("not the node asked ('" + d.node() + "')");
    }
}
