package org.iaasengine.agent.placement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.iaasengine.model.Host;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.Vm;

/**
 * Chooses hosts and keeps the reservations of the placements not yet seen in the model. Choosing
 * and reserving is one step under one lock, so that concurrent placements see each other's
 * reservations and never overbook a host (Wakame's scheduler chose from the database alone: two
 * instances scheduled at once could both take a host's last slot).
 *
 * <p>A host's usage is the VMs the model has on it plus the reservations on it; a VM that also
 * has a reservation on that host counts once (as the reservation). A reservation is released when
 * its job fails ({@link #release}); when its job succeeds it is {@link #settle settled} and lasts
 * until the model shows the VM on its node ({@link #seen}), or {@code settledFor} at most (an agent
 * that publishes no model).
 *
 * <pre>{@code
 * Placer placer = new Placer(PlacementPolicy.defaults(), cluster::snapshot, node -> true);
 * Reservation r = placer.reserve("job-1", Demand.builder("web1", 512, 1).build());
 * placer.release("job-1");   // the create failed
 * }</pre>
 */
public final class Placer {
    private final PlacementPolicy policy;
    private final Supplier<ModelSnapshot> model;
    private final Predicate<String> online;
    private final Clock clock;
    private final Duration settledFor;
    private final Map<String, Reservation> reservations = new LinkedHashMap<>();
    private final Map<String, Instant> settledAt = new HashMap<>();
    /** (VM, host) the model showed, not yet matched against the settled reservations: see {@link #seen}. */
    private final java.util.Queue<String[]> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();

    public Placer(PlacementPolicy policy, Supplier<ModelSnapshot> model, Predicate<String> online) {
        this(policy, model, online, Clock.systemUTC(), Duration.ofMinutes(2));
    }

    public Placer(PlacementPolicy policy, Supplier<ModelSnapshot> model, Predicate<String> online, Clock clock,
            Duration settledFor) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.model = Objects.requireNonNull(model, "model");
        this.online = Objects.requireNonNull(online, "online");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settledFor = Objects.requireNonNull(settledFor, "settledFor");
    }

    public PlacementPolicy policy() {
        return policy;
    }

    /**
     * Chooses a host for {@code demand} and reserves what it takes there, as reservation {@code id}
     * (the create's job id). The same id again returns the reservation it has.
     *
     * @throws NoHostFitsException when no host passes the filters, with each host's reason
     */
    public synchronized Reservation reserve(String id, Demand demand) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(demand, "demand");
        Reservation had = reservations.get(id);
        if (had != null) {
            return had;
        }
        expire();
        Map<String, String> reasons = new TreeMap<>();
        HostLoad best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (HostLoad h : loadsLocked()) {
            Optional<String> why = Optional.empty();
            for (HostFilter f : policy.filters()) {
                why = f.reject(h, demand);
                if (why.isPresent()) {
                    break;
                }
            }
            if (why.isPresent()) {
                reasons.put(h.name(), why.get());
                continue;
            }
            double score = 0;
            for (PlacementPolicy.Weighed w : policy.weighers()) {
                score += w.multiplier() * w.weigher().weigh(h, demand);
            }
            // Hosts come sorted by name: a strictly better score wins, a tie keeps the first.
            if (best == null || score > bestScore) {
                best = h;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new NoHostFitsException(demand, reasons);
        }
        Reservation r = new Reservation(id, demand.vm(), best.name(), demand.memoryKiB(), demand.vcpus(), false);
        reservations.put(id, r);
        return r;
    }

    /**
     * Takes {@code demand} on {@code node} without choosing (a reservation rebuilt after a restart
     * for a job still unanswered): no filter is applied.
     */
    public synchronized Reservation restore(String id, Demand demand, String node) {
        return reservations.computeIfAbsent(id, k -> new Reservation(id, demand.vm(), node, demand.memoryKiB(),
                demand.vcpus(), false));
    }

    /** Releases reservation {@code id} (its job failed or was never queued); false when there was none. */
    public synchronized boolean release(String id) {
        settledAt.remove(id);
        return reservations.remove(id) != null;
    }

    /** Job {@code id} succeeded: its reservation lasts until the model shows its VM on its node. */
    public synchronized void settle(String id) {
        Reservation r = reservations.get(id);
        if (r == null) {
            return;
        }
        if (onNode(model.get(), r)) {
            reservations.remove(id);
            return;
        }
        reservations.put(id, new Reservation(r.id(), r.vm(), r.node(), r.memoryKiB(), r.vcpus(), true));
        settledAt.put(id, clock.instant());
    }

    /**
     * The model shows {@code vm} on {@code host}: a settled reservation of it there becomes that VM's
     * usage. Takes no lock (a model listener calls it while the model holds its own lock, and the
     * placer reads the model under its lock): the reservation goes at the placer's next call.
     */
    public void seen(String vm, String host) {
        seen.add(new String[] {vm, host});
    }

    private void drainSeen() {
        String[] s;
        while ((s = seen.poll()) != null) {
            String vm = s[0];
            String host = s[1];
            reservations.values().removeIf(r -> r.settled() && r.vm().equals(vm) && r.node().equals(host));
        }
    }

    /** The reservations held now. */
    public synchronized List<Reservation> reservations() {
        expire();
        return List.copyOf(reservations.values());
    }

    /** Every host of the model with its usage, sorted by name. */
    public synchronized List<HostLoad> loads() {
        expire();
        return loadsLocked();
    }

    private static boolean onNode(ModelSnapshot s, Reservation r) {
        return s.vm(r.vm()).map(Vm::host).filter(r.node()::equals).isPresent();
    }

    private void expire() {
        drainSeen();
        if (settledAt.isEmpty()) {
            return;
        }
        Instant cutoff = clock.instant().minus(settledFor);
        List<String> old = new ArrayList<>();
        settledAt.forEach((id, at) -> {
            if (at.isBefore(cutoff)) {
                old.add(id);
            }
        });
        for (String id : old) {
            settledAt.remove(id);
            reservations.remove(id);
        }
    }

    private List<HostLoad> loadsLocked() {
        ModelSnapshot s = model.get();
        Map<String, List<Reservation>> byNode = new HashMap<>();
        for (Reservation r : reservations.values()) {
            byNode.computeIfAbsent(r.node(), k -> new ArrayList<>()).add(r);
        }
        List<HostLoad> out = new ArrayList<>();
        for (Host h : new TreeMap<>(s.hosts()).values()) {
            List<Reservation> rs = byNode.getOrDefault(h.name(), List.of());
            Set<String> reserved = new HashSet<>();
            long mem = 0;
            long cpu = 0;
            for (Reservation r : rs) {
                reserved.add(r.vm());
                mem += r.memoryKiB();
                cpu += r.vcpus();
            }
            Set<String> names = new HashSet<>(reserved);
            for (Vm v : s.vmsOn(h.name())) {
                names.add(v.name());
                if (!reserved.contains(v.name())) {
                    mem += v.memoryKiB();
                    cpu += v.vcpus();
                }
            }
            long capMem = (long) Math.floor(h.memoryKiB() * policy.memoryOvercommit());
            long capCpu = (long) Math.floor(h.cpus() * policy.cpuOvercommit());
            out.add(new HostLoad(h, online.test(h.name()), capMem, capCpu, mem, cpu, names));
        }
        return out;
    }
}
