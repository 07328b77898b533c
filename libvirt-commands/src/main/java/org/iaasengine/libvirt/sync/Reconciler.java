package org.iaasengine.libvirt.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.HostListing;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile logic of one host: reads the host (bulk calls), decides per VM what the model
 * must show, writes it in one atomic model update and returns the drift found. Holds the cache of
 * {@link DomainFacts} per UUID, so stored XML is parsed once and a VM the library did not create
 * costs its per-domain calls once. Not thread-safe: {@link HostMonitor} calls it under its lock.
 */
final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    /** Marks facts read from the host rather than from a stored definition. */
    private static final Object FROM_HOST = new Object();

    private final LibvirtHost host;
    private final ResourceModel model;
    private final Clock clock;
    private final Map<String, CachedFacts> facts = new ConcurrentHashMap<>();
    /** Whether each domain seen was persistent, by name: lets a STOPPED event apply without a lookup. */
    private final Map<String, Boolean> persistent = new ConcurrentHashMap<>();
    private volatile boolean nodeStatsUnsupported;

    /** Facts with where they came from: the stored XML string they were parsed from, or FROM_HOST. */
    private record CachedFacts(Object source, DomainFacts facts) {
    }

    Reconciler(LibvirtHost host, ResourceModel model, Clock clock) {
        this.host = host;
        this.model = model;
        this.clock = clock;
    }

    private String hostName() {
        return host.name();
    }

    private LibvirtDriver driver() {
        return host.driver();
    }

    // ---------------------------------------------------------------- full reconcile

    /**
     * Reads node info, host memory and every domain in bulk, then writes the host and each of its
     * VMs in one model update. Names in {@code skip} (a stop held back as a possible reboot) are
     * left as they are.
     */
    SyncReport full(String cause, Set<String> skip) {
        long t0 = System.nanoTime();
        HostListing listing = driver().listHost();
        if (listing.freeMemoryKiB().isEmpty() && !nodeStatsUnsupported) {
            nodeStatsUnsupported = true;
            LOG.info("host {} reports no node memory statistics; free memory is not synced", hostName());
        }
        List<DomainSummary> domains = listing.domains();

        Map<String, DomainSummary> listed = new HashMap<>();
        Map<String, DomainFacts> factsByName = new HashMap<>();
        List<DomainSummary> unseen = new ArrayList<>();
        for (DomainSummary d : domains) {
            StoredDefinition sd = storedFor(d);
            DomainFacts known = sd != null ? factsOf(sd) : cachedFromHost(d);
            if (known == null) {
                unseen.add(d);
            } else {
                factsByName.put(d.name(), known);
                listed.put(d.name(), d);
            }
        }
        // The domains neither stored nor seen before: their XML read once, the reads overlapped.
        Map<String, String> xmls = unseen.isEmpty() ? Map.of()
                : driver().dumpXmls(unseen.stream().map(DomainSummary::name).toList());
        for (DomainSummary d : unseen) {
            String xml = xmls.get(d.name());
            if (xml == null) {
                LOG.debug("domain '{}' on {} went away during the reconcile", d.name(), hostName());
                continue;
            }
            factsByName.put(d.name(), factsFromHost(d, xml));
            listed.put(d.name(), d);
        }
        Map<String, StoredDefinition> storedOnly = new HashMap<>();
        for (StoredDefinition sd : host.store().onHost(hostName())) {
            if (!listed.containsKey(sd.name())) {
                storedOnly.put(sd.name(), sd);
                factsByName.put(sd.name(), factsOf(sd));
            }
        }
        Host h = toHost(listing.node(), listing.freeMemoryKiB(), domains);
        List<DriftEvent> drift = new ArrayList<>();
        int[] vms = new int[1];
        model.update(m -> {
            drift.clear();
            m.putHost(h);
            for (DomainSummary d : listed.values()) {
                if (!skip.contains(d.name())) {
                    apply(m, d.name(), d, storedFor(d), factsByName.get(d.name()), cause, drift);
                }
            }
            for (StoredDefinition sd : storedOnly.values()) {
                if (!skip.contains(sd.name())) {
                    apply(m, sd.name(), null, sd, factsByName.get(sd.name()), cause, drift);
                }
            }
            Set<String> known = new HashSet<>(listed.keySet());
            known.addAll(storedOnly.keySet());
            for (Vm vm : m.vms()) {
                if (hostName().equals(vm.host()) && !known.contains(vm.name()) && !skip.contains(vm.name())) {
                    apply(m, vm.name(), null, null, null, cause, drift);
                }
            }
            vms[0] = (int) m.vms().stream().filter(v -> hostName().equals(v.host())).count();
        });
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        LOG.debug("reconcile of {} ({}): {} listed, {} from the store only, {} drifts in {} us", hostName(), cause,
                listed.size(), storedOnly.size(), drift.size(), took.toNanos() / 1000);
        return new SyncReport(hostName(), vms[0], listed.size(), storedOnly.size(), drift, took);
    }

    private Host toHost(NodeInfo node, java.util.OptionalLong freeKiB, List<DomainSummary> domains) {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("nodes", Integer.toString(node.nodes()));
        attrs.put("sockets", Integer.toString(node.sockets()));
        attrs.put("cores", Integer.toString(node.cores()));
        attrs.put("threads", Integer.toString(node.threads()));
        attrs.put("activeVms", Long.toString(domains.stream().filter(d -> d.state().isActive()).count()));
        attrs.put("definedVms", Integer.toString(domains.size()));
        return new Host(hostName(), driver().uri(), HostState.UP, node.cpuModel(), node.cpus(), node.mhz(),
                node.memoryKiB(), freeKiB.orElse(0L), attrs);
    }

    /** Shows the host DOWN in the model (its VMs are left as they were). */
    void markHostDown() {
        model.update(m -> m.host(hostName()).ifPresent(h -> m.putHost(h.withState(HostState.DOWN))));
    }

    // ---------------------------------------------------------------- one VM

    /** Reads one domain from the host ({@code lookup}) and reconciles that VM alone. */
    List<DriftEvent> one(String name, String cause) {
        Optional<DomainSummary> found = driver().lookup(name);
        DomainSummary d = found.orElse(null);
        StoredDefinition sd = d != null ? storedFor(d) : storedOnThisHost(name);
        DomainFacts f = null;
        if (d != null) {
            try {
                f = factsOf(d, sd);
            } catch (DriverException e) {
                if (e.error() != LibvirtError.NO_DOMAIN) {
                    throw e;
                }
                d = null;
                sd = storedOnThisHost(name);
            }
        }
        if (d == null && sd != null) {
            f = factsOf(sd);
        }
        List<DriftEvent> drift = new ArrayList<>();
        DomainSummary domain = d;
        StoredDefinition stored = sd;
        DomainFacts facts = f;
        model.update(m -> {
            drift.clear();
            apply(m, name, domain, stored, facts, cause, drift);
        });
        return drift;
    }

    /**
     * Applies a STOPPED event without asking the host: the domain is inactive now, so a persistent
     * one is shut off and a transient one is gone (marked off if its definition is stored). A
     * lookup right after the event would wait for libvirtd to finish tearing the domain down
     * (tens of milliseconds); the event already says what matters. Falls back to {@link #one}
     * when the VM or its persistence is unknown, or the model no longer places it on this host.
     */
    List<DriftEvent> stopped(String name, String cause) {
        Optional<Vm> current = model.vm(name);
        Boolean wasPersistent = persistent.get(name);
        if (current.isEmpty() || wasPersistent == null || current.get().uuid() == null
                || !hostName().equals(current.get().host())) {
            // Unknown, or placed elsewhere or nowhere by now (stop released its host): ask the host.
            return one(name, cause);
        }
        Vm c = current.get();
        DomainSummary d = wasPersistent
                ? new DomainSummary(name, c.uuid(), -1, org.iaasengine.libvirt.driver.DomainState.SHUTOFF, true)
                : null;
        StoredDefinition sd = d != null ? storedFor(d) : storedOnThisHost(name);
        DomainFacts f = sd != null ? factsOf(sd) : new DomainFacts(c.vcpus(), c.memoryKiB(), c.macs());
        if (!wasPersistent) {
            persistent.remove(name);
        }
        List<DriftEvent> drift = new ArrayList<>();
        model.update(m -> {
            drift.clear();
            apply(m, name, d, sd, f, cause, drift);
        });
        return drift;
    }

    /**
     * The rules, for one VM. {@code d}: the host's domain or null if the host does not list it;
     * {@code sd}: the stored definition that belongs to it, or null.
     */
    private void apply(ResourceModel.Mutation m, String name, DomainSummary d, StoredDefinition sd, DomainFacts f,
            String cause, List<DriftEvent> drift) {
        Optional<Vm> current = m.vm(name);
        if (d != null) {
            persistent.put(name, d.persistent());
            Vm observed = observed(d, sd, f);
            m.observe(observed);
            if (current.isEmpty()) {
                if (sd == null) {
                    drift.add(drift(observed, DriftEvent.Kind.ADOPTED, null, observed.state(), cause));
                }
                return;
            }
            Vm c = current.get();
            if (c.isOwned()) {
                return; // the action keeps its transitional state; it writes the outcome itself
            }
            if (!hostName().equals(c.host())) {
                drift.add(drift(observed, DriftEvent.Kind.MOVED, c.state(), observed.state(), cause));
            } else {
                VmState now = m.vm(name).map(Vm::state).orElse(observed.state()); // HALTING may stay
                if (c.state() != now) {
                    drift.add(drift(observed, DriftEvent.Kind.STATE_CORRECTED, c.state(), now, cause));
                }
            }
            return;
        }
        if (current.isEmpty()) {
            if (sd != null) {
                m.putVm(storedOff(sd, f)); // a shut-down VM known from the store: the library's own
            }
            return;
        }
        Vm c = current.get();
        if (!hostName().equals(c.host()) || c.isOwned()) {
            return; // on another host, or an action in flight (a CREATING placeholder) decides
        }
        if (sd != null) {
            m.observe(storedOff(sd, f));
            if (c.state() != VmState.SHUTOFF) {
                drift.add(drift(c, DriftEvent.Kind.MARKED_OFF, c.state(), VmState.SHUTOFF, cause));
            }
        } else {
            m.removeVm(name);
            drift.add(drift(c, DriftEvent.Kind.REMOVED, c.state(), null, cause));
        }
    }

    private DriftEvent drift(Vm vm, DriftEvent.Kind kind, VmState from, VmState to, String cause) {
        return new DriftEvent(hostName(), vm.name(), vm.uuid(), kind, from, to, cause, clock.instant());
    }

    /** A drift event for a VM the monitor saw reboot. */
    DriftEvent rebooted(Vm vm, String cause) {
        return drift(vm, DriftEvent.Kind.REBOOTED, vm.state(), vm.state(), cause);
    }

    private Vm observed(DomainSummary d, StoredDefinition sd, DomainFacts f) {
        return Vm.builder(d.name()).uuid(d.uuid()).host(hostName()).state(States.toModel(d.state()))
                .vcpus(f.vcpus()).memoryKiB(f.memoryKiB()).macs(f.macs())
                .ip(sd == null ? null : sd.ip()).definitionRef(sd == null ? null : definitionRef(sd)).build();
    }

    private Vm storedOff(StoredDefinition sd, DomainFacts f) {
        return Vm.builder(sd.name()).uuid(sd.uuid()).host(hostName()).state(VmState.SHUTOFF)
                .vcpus(f.vcpus()).memoryKiB(f.memoryKiB()).macs(f.macs()).ip(sd.ip())
                .definitionRef(definitionRef(sd)).build();
    }

    private String definitionRef(StoredDefinition sd) {
        return host.store().directory().resolve(sd.uuid() + ".xml").toString();
    }

    // ---------------------------------------------------------------- store and facts

    /** The stored definition of a listed domain: same name and same UUID (any host), or null. */
    private StoredDefinition storedFor(DomainSummary d) {
        return host.store().get(d.name()).filter(sd -> sd.uuid().equalsIgnoreCase(d.uuid())).orElse(null);
    }

    /** The stored definition of {@code name} if it belongs to this host, or null. */
    private StoredDefinition storedOnThisHost(String name) {
        return host.store().get(name).filter(sd -> hostName().equals(sd.host())).orElse(null);
    }

    private DomainFacts factsOf(StoredDefinition sd) {
        CachedFacts c = facts.get(sd.uuid());
        if (c != null && c.source() == sd.domainXml()) {
            return c.facts();
        }
        DomainFacts f;
        try {
            f = DomainFacts.fromDomainXml(sd.domainXml());
        } catch (IllegalArgumentException e) {
            LOG.warn("stored definition of vm '{}' ({}) has unreadable domain XML; vCPUs, memory and MACs unknown",
                    sd.name(), sd.uuid(), e);
            f = new DomainFacts(0, 0, List.of());
        }
        facts.put(sd.uuid(), new CachedFacts(sd.domainXml(), f));
        return f;
    }

    /**
     * The facts of a listed domain: from its stored definition, else from the host once
     * ({@code info} + {@code interfaces}), cached by UUID.
     */
    private DomainFacts factsOf(DomainSummary d, StoredDefinition sd) {
        if (sd != null) {
            return factsOf(sd);
        }
        DomainFacts c = cachedFromHost(d);
        return c != null ? c : factsFromHost(d, driver().dumpXml(d.name(), false));
    }

    /** The facts read from the host before for this domain (by UUID), or null. */
    private DomainFacts cachedFromHost(DomainSummary d) {
        CachedFacts c = facts.get(d.uuid());
        return c != null && c.source() == FROM_HOST ? c.facts() : null;
    }

    /** The facts of a domain from its live XML (one read per domain, cached by UUID). */
    private DomainFacts factsFromHost(DomainSummary d, String xml) {
        DomainFacts f;
        try {
            f = DomainFacts.fromDomainXml(xml);
        } catch (IllegalArgumentException e) {
            LOG.warn("domain '{}' on {} has unreadable domain XML; vCPUs, memory and MACs unknown", d.name(),
                    hostName(), e);
            f = new DomainFacts(0, 0, List.of());
        }
        facts.put(d.uuid(), new CachedFacts(FROM_HOST, f));
        return f;
    }

    /** Forgets the cached facts of the VM {@code name} (its definition changed). */
    void forgetFacts(String name, String uuid) {
        if (uuid != null && !uuid.isEmpty()) {
            facts.remove(uuid.toLowerCase(java.util.Locale.ROOT));
        }
        model.vm(name).map(Vm::uuid).ifPresent(facts::remove);
    }

    /** Number of VMs whose facts are cached, for tests. */
    int cachedFacts() {
        return facts.size();
    }
}
