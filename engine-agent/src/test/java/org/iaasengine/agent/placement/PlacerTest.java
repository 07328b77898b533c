package org.iaasengine.agent.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.Test;

/** Placement on a model of hosts: each filter and weigher, overcommit, reservations, the reasons when nothing fits. */
class PlacerTest {
    private final ResourceModel model = new ResourceModel();
    private final Set<String> offline = new java.util.HashSet<>();

    static Host host(String name, int cpus, long memoryMiB, String group) {
        return new Host(name, "test:///" + name, HostState.UP, "x86_64", cpus, 2000, memoryMiB * 1024,
                memoryMiB * 1024, group == null ? Map.of() : Map.of(HostLoad.GROUP, group));
    }

    private void vm(String name, String host, int vcpus, long memoryMiB) {
        model.putVm(Vm.builder(name).host(host).state(VmState.RUNNING).vcpus(vcpus).memoryKiB(memoryMiB * 1024).build());
    }

    private Placer placer(PlacementPolicy p) {
        return new Placer(p, model::snapshot, n -> !offline.contains(n));
    }

    @Test
    void leastUsageChoosesTheHostWithMostRoomLeft() {
        model.putHost(host("a", 4, 4096, null));
        model.putHost(host("b", 4, 4096, null));
        vm("x", "a", 1, 2048);
        Placer p = placer(PlacementPolicy.defaults());
        assertThat(p.reserve("j1", Demand.builder("v1", 512, 1).build()).node()).isEqualTo("b");
        // b now has 512 MiB and 1 vCPU taken by the reservation; a has 2048 MiB: b still has more room.
        assertThat(p.reserve("j2", Demand.builder("v2", 512, 1).build()).node()).isEqualTo("b");
        assertThat(p.loads()).filteredOn(h -> h.name().equals("b")).singleElement()
                .satisfies(h -> assertThat(h.usedMemoryKiB()).isEqualTo(1024 * 1024L))
                .satisfies(h -> assertThat(h.vms()).containsExactlyInAnyOrder("v1", "v2"));
    }

    @Test
    void spreadChoosesTheHostWithFewestVmsAndPackFillsOneHostFirst() {
        model.putHost(host("a", 16, 16384, null));
        model.putHost(host("b", 16, 16384, null));
        vm("x", "a", 1, 64);
        vm("y", "b", 1, 64);
        vm("z", "b", 1, 64);
        Placer spread = placer(PlacementPolicy.builder().weigh(HostWeigher.spread(), 1).build());
        assertThat(spread.reserve("j1", Demand.builder("v1", 64, 1).build()).node()).isEqualTo("a");
        assertThat(spread.reserve("j2", Demand.builder("v2", 64, 1).build()).node()).as("a tie: by name").isEqualTo("a");
        assertThat(spread.reserve("j3", Demand.builder("v3", 64, 1).build()).node()).isEqualTo("b");
        Placer pack = placer(PlacementPolicy.builder().weigh(HostWeigher.pack(), 1).build());
        assertThat(pack.reserve("k1", Demand.builder("w1", 64, 1).build()).node())
                .as("b is the fuller with j3 reserved there").isEqualTo("b");
    }

    @Test
    void groupNodeAffinityAndAntiAffinityFilterHosts() {
        model.putHost(host("a", 8, 8192, "rack-1"));
        model.putHost(host("b", 8, 8192, "rack-1"));
        model.putHost(host("c", 8, 8192, "rack-2"));
        vm("db1", "a", 1, 64);
        vm("cache1", "b", 1, 64);
        Placer p = placer(PlacementPolicy.defaults());
        assertThat(p.reserve("j1", Demand.builder("v1", 64, 1).group("rack-2").build()).node()).isEqualTo("c");
        assertThat(p.reserve("j2", Demand.builder("v2", 64, 1).group("rack-1").antiAffinity("db1").build()).node())
                .isEqualTo("b");
        assertThat(p.reserve("j3", Demand.builder("v3", 64, 1).affinity("db1").build()).node()).isEqualTo("a");
        assertThat(p.reserve("j4", Demand.builder("v4", 64, 1).node("b").build()).node()).isEqualTo("b");
        // A reserved VM counts for affinity too: v5 joins v1, which is only reserved on c.
        assertThat(p.reserve("j5", Demand.builder("v5", 64, 1).affinity("v1").build()).node()).isEqualTo("c");
        NoHostFitsException e = org.junit.jupiter.api.Assertions.assertThrows(NoHostFitsException.class,
                () -> p.reserve("j6", Demand.builder("v6", 64, 1).group("rack-1").affinity("v1").build()));
        assertThat(e.reasons()).containsOnlyKeys("a", "b", "c");
        assertThat(e.reasons().get("c")).contains("group 'rack-2' is not 'rack-1'");
        assertThat(e.reasons().get("a")).contains("does not have [v1] (affinity)");
        assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
    }

    @Test
    void overcommitMakesTheCapacityAndNoHostFitsSaysWhyPerHost() {
        model.putHost(host("a", 2, 1024, null));
        model.putHost(host("b", 2, 1024, null));
        offline.add("b");
        Placer p = placer(PlacementPolicy.builder().cpuOvercommit(2.0).memoryOvercommit(1.5).build());
        for (int i = 0; i < 4; i++) {
            assertThat(p.reserve("j" + i, Demand.builder("v" + i, 256, 1).build()).node()).isEqualTo("a");
        }
        // a: 4 of 4 vCPUs (2 x 2.0), 1024 of 1536 MiB.
        assertThatThrownBy(() -> p.reserve("j9", Demand.builder("v9", 256, 1).build()))
                .isInstanceOf(NoHostFitsException.class)
                .hasMessageContaining("no host fits VM 'v9' (256 MiB, 1 vCPU)")
                .hasMessageContaining("a: free vCPUs 0 < 1 asked (capacity 4, used 4)")
                .hasMessageContaining("b: its agent is not online");
        assertThat(p.release("j0")).isTrue();
        assertThat(p.release("j0")).as("released once").isFalse();
        assertThat(p.reserve("j9", Demand.builder("v9", 600, 1).build()).node()).as("a vCPU and 512 MiB freed")
                .isEqualTo("a");
        assertThatThrownBy(() -> p.reserve("j10", Demand.builder("v10", 1, 1).build()))
                .hasMessageContaining("free vCPUs 0");
    }

    @Test
    void aSucceededReservationLastsUntilTheModelShowsTheVmThenTheVmCountsOnce() {
        model.putHost(host("a", 4, 1024, null));
        Placer p = placer(PlacementPolicy.defaults());
        p.reserve("j1", Demand.builder("v1", 512, 1).build());
        p.settle("j1");
        assertThat(p.reservations()).singleElement().satisfies(r -> assertThat(r.settled()).isTrue());
        vm("v1", "a", 1, 512); // the model shows it, before the listener tells the placer
        assertThat(p.loads().get(0).usedMemoryKiB()).as("counted once").isEqualTo(512 * 1024L);
        p.seen("v1", "a");
        assertThat(p.reservations()).isEmpty();
        assertThat(p.loads().get(0).usedMemoryKiB()).isEqualTo(512 * 1024L);
        // Settled after the model already shows it: dropped at once.
        p.reserve("j2", Demand.builder("v2", 256, 1).build());
        vm("v2", "a", 1, 256);
        p.settle("j2");
        assertThat(p.reservations()).isEmpty();
    }

    @Test
    void aSettledReservationTheModelNeverShowsExpires() {
        model.putHost(host("a", 4, 1024, null));
        Instant[] now = {Instant.parse("2026-12-01T00:00:00Z")};
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            public Clock withZone(java.time.ZoneId z) {
                return this;
            }

            public Instant instant() {
                return now[0];
            }
        };
        Placer p = new Placer(PlacementPolicy.defaults(), model::snapshot, n -> true, clock, Duration.ofSeconds(60));
        p.reserve("j1", Demand.builder("v1", 512, 1).build());
        p.settle("j1");
        now[0] = now[0].plusSeconds(59);
        assertThat(p.reservations()).hasSize(1);
        now[0] = now[0].plusSeconds(2);
        assertThat(p.reservations()).isEmpty();
    }

    /**
     * The orchestrator tells the placer from a model listener, which the model calls under its own
     * lock, while the placer reads the model under its lock: that must not deadlock (the scale bench
     * found it did, when {@code seen} took the placer's lock).
     */
    @Test
    void modelListenersAndPlacementsAtOnceDoNotDeadlock() throws Exception {
        model.putHost(host("a", 64, 65536, null));
        Placer p = placer(PlacementPolicy.defaults());
        model.addListener(c -> {
            if (c instanceof org.iaasengine.model.ModelChange.VmAdded a) {
                p.seen(a.vm().name(), a.vm().host());
            }
        });
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var models = pool.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    vm("m" + i, "a", 0, 0);
                }
                return null;
            });
            var placements = pool.submit(() -> {
                for (int i = 0; i < 2000; i++) {
                    p.reserve("j" + i, Demand.builder("m" + i, 1, 1).build());
                    p.settle("j" + i);
                }
                return null;
            });
            models.get(30, java.util.concurrent.TimeUnit.SECONDS);
            placements.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(p.reservations()).as("every settled reservation met its VM in the model").isEmpty();
    }

    @Test
    void badDemandsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> Demand.builder("v", 0, 1).build()).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 1 MiB, was 0");
        assertThatThrownBy(() -> Demand.builder("v", 64, 0).build()).hasMessageContaining("at least 1, was 0");
        assertThatThrownBy(() -> Demand.builder("v", 64, 1).affinity("w").antiAffinity("w").build())
                .hasMessageContaining("both share and avoid the host of VM 'w'");
        assertThatThrownBy(() -> PlacementPolicy.builder().cpuOvercommit(0).build())
                .hasMessageContaining("CPU overcommit must be 0.1 to 1000, was 0.0");
    }

    @Test
    void anEmptyClusterSaysSo() {
        assertThatThrownBy(() -> placer(PlacementPolicy.defaults()).reserve("j", Demand.builder("v", 64, 1).build()))
                .hasMessageContaining("the cluster model has no host");
    }
}
