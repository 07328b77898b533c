package org.iaasengine.agent.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.iaasengine.model.ResourceModel;

/**
 * "Never overbooks": random hosts, random demands placed from several threads at once, some
 * released as a failed job would; at every moment a watcher sees, and at the end, no host has more
 * reserved than its capacity after overcommit, and a demand refused did not fit anywhere it could
 * have gone at that moment (every host has a reason).
 */
class PlacerProperties {
    record HostSpec(int cpus, int memoryMiB) {
    }

    record DemandSpec(int memoryMiB, int vcpus, boolean failsLater) {
    }

    @Provide
    Arbitrary<List<HostSpec>> hosts() {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(256, 4096))
                .as(HostSpec::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<DemandSpec>> demands() {
        return Combinators.combine(Arbitraries.integers().between(64, 1536), Arbitraries.integers().between(1, 4),
                Arbitraries.of(true, false, false)).as(DemandSpec::new).list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 150)
    void concurrentPlacementsNeverOverbookAHost(@ForAll("hosts") List<HostSpec> hosts,
            @ForAll("demands") List<DemandSpec> demands, @ForAll @IntRange(min = 2, max = 8) int threads,
            @ForAll @IntRange(min = 1, max = 4) int cpuOvercommit) throws Exception {
        ResourceModel model = new ResourceModel();
        for (int i = 0; i < hosts.size(); i++) {
            model.putHost(PlacerTest.host("h" + i, hosts.get(i).cpus(), hosts.get(i).memoryMiB(), null));
        }
        Placer p = new Placer(PlacementPolicy.builder().cpuOvercommit(cpuOvercommit).build(), model::snapshot,
                n -> true);
        Map<String, Long> memCap = new ConcurrentHashMap<>();
        Map<String, Long> cpuCap = new ConcurrentHashMap<>();
        for (HostLoad h : p.loads()) {
            memCap.put(h.name(), h.capacityMemoryKiB());
            cpuCap.put(h.name(), h.capacityVcpus());
        }
        AtomicBoolean done = new AtomicBoolean();
        List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            Future<?> watcher = pool.submit(() -> {
                while (!done.get()) {
                    check(p.reservations(), memCap, cpuCap, violations);
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int i = first; i < demands.size(); i += threads) {
                        DemandSpec d = demands.get(i);
                        String id = "j" + i;
                        try {
                            p.reserve(id, Demand.builder("v" + i, d.memoryMiB(), d.vcpus()).build());
                            if (d.failsLater()) {
                                assertThat(p.release(id)).isTrue();
                            }
                        } catch (NoHostFitsException e) {
                            assertThat(e.reasons()).hasSize(hosts.size());
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            done.set(true);
            watcher.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        check(p.reservations(), memCap, cpuCap, violations);
        assertThat(violations).isEmpty();
        // What is left is exactly the demands that were placed and not released.
        assertThat(p.reservations()).allSatisfy(r -> assertThat(demands.get(Integer.parseInt(r.id().substring(1)))
                .failsLater()).isFalse());
    }

    private static void check(List<Reservation> rs, Map<String, Long> memCap, Map<String, Long> cpuCap,
            List<String> violations) {
        Map<String, long[]> used = new java.util.HashMap<>();
        for (Reservation r : rs) {
            long[] u = used.computeIfAbsent(r.node(), k -> new long[2]);
            u[0] += r.memoryKiB();
            u[1] += r.vcpus();
        }
        used.forEach((h, u) -> {
            if (u[0] > memCap.get(h) || u[1] > cpuCap.get(h)) {
                violations.add(h + " has " + u[0] + " KiB / " + u[1] + " vCPU reserved, capacity " + memCap.get(h)
                        + " KiB / " + cpuCap.get(h));
            }
        });
    }
}
