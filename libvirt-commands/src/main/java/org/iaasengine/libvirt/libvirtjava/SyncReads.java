package org.iaasengine.libvirt.libvirtjava;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Future;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.HostListing;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;

/**
 * The reads of a full sync, overlapped: each round trip is started on a call worker and the
 * results are collected after, so libvirt's client multiplexes them on the one connection and the
 * daemon serves them on its own workers; a sync then costs about its longest round trip rather
 * than their sum. Used by {@link LibvirtJavaDriver}.
 */
final class SyncReads {
    private SyncReads() {
    }

    /** Every domain: the persistent and the transient ones in two bulk state calls, overlapped. */
    static List<DomainSummary> listDomains(ConnectionSupervisor supervisor, DomainHandles handles) {
        Call persistentCall = Call.host("list persistent domains");
        Call transientCall = Call.host("list transient domains");
        Future<List<DomainSummary>> persistent = supervisor.begin(persistentCall, c -> bulk(c, handles, true));
        Future<List<DomainSummary>> transients = supervisor.begin(transientCall, c -> bulk(c, handles, false));
        List<DomainSummary> out = new ArrayList<>(supervisor.finish(persistent, persistentCall));
        out.addAll(supervisor.finish(transients, transientCall));
        return out;
    }

    /** Node info, free memory and every domain: four round trips started together. */
    static HostListing listHost(ConnectionSupervisor supervisor, DomainHandles handles) {
        Call nodeCall = Call.host("nodeinfo");
        Call memCall = Call.host("node memory statistics");
        Future<NodeInfo> node = supervisor.begin(nodeCall, c -> {
            org.libvirt.NodeInfo n = c.nodeInfo();
            return new NodeInfo(n.model, n.memory, n.cpus, n.mhz, n.nodes, n.sockets, n.cores, n.threads);
        });
        Future<Long> free = supervisor.begin(memCall,
                c -> BulkCalls.nodeStats(c.pointer(), false).getOrDefault("free", 0L));
        List<DomainSummary> domains = listDomains(supervisor, handles);
        OptionalLong freeKiB = LibvirtDriver.freeMemoryIfReported(() -> supervisor.finish(free, memCall));
        return new HostListing(supervisor.finish(node, nodeCall), freeKiB, domains);
    }

    /**
     * The domain XML of each name (with {@code flags}), the calls overlapped, at most as many at
     * once as the supervisor has call workers; a domain gone meanwhile is left out.
     */
    static Map<String, String> dumpXmls(ConnectionSupervisor supervisor, DomainHandles handles,
            Collection<String> names, int flags) {
        Map<String, Future<String>> started = new LinkedHashMap<>();
        for (String n : names) {
            started.put(n, supervisor.begin(Call.of("dumpxml", n),
                    c -> handles.withDomain(c, n, d -> d.getXMLDesc(flags))));
        }
        Map<String, String> out = new LinkedHashMap<>();
        started.forEach((n, f) -> Absence.emptyIfNoDomain(() -> supervisor.finish(f, Call.of("dumpxml", n)))
                .ifPresent(x -> out.put(n, x)));
        return out;
    }

    private static List<DomainSummary> bulk(SupervisedConnect c, DomainHandles handles, boolean persistent)
            throws org.libvirt.LibvirtException, NativeError {
        return BulkCalls.bulk(c, handles, VirtNative.STATS_STATE,
                persistent ? VirtNative.STATS_FILTER_PERSISTENT : VirtNative.STATS_FILTER_TRANSIENT,
                (dom, f) -> new DomainSummary(BulkCalls.nameOf(dom), BulkCalls.uuidOf(dom),
                        VirtNative.LIB.virDomainGetID(dom), BulkCalls.stateOf(f), persistent));
    }
}
