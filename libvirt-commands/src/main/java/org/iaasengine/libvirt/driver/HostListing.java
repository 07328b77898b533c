package org.iaasengine.libvirt.driver;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a full sync reads of a host in one go ({@link LibvirtDriver#listHost()}): its node info,
 * its free memory (empty when the host reports no memory statistics), and every domain.
 *
 * @param node          CPU and memory of the host
 * @param freeMemoryKiB free memory, or empty when the driver reports none ({@code NO_SUPPORT})
 * @param domains       all domains, active and inactive
 */
public record HostListing(NodeInfo node, OptionalLong freeMemoryKiB, List<DomainSummary> domains) {
    public HostListing {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(freeMemoryKiB, "freeMemoryKiB");
        domains = List.copyOf(domains);
    }
}
