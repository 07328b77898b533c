package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.placement.Demand;
import org.iaasengine.agent.placement.HostLoad;
import org.iaasengine.agent.placement.HostWeigher;
import org.iaasengine.agent.placement.NoHostFitsException;
import org.iaasengine.agent.placement.PlacementPolicy;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.iaasengine.model.Vm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Placement on the real RabbitMQ with three host agents, each on its own in-process libvirt test
 * driver whose node has 2 CPUs and 1 GiB (no overcommit here: 2 vCPUs and 1024 MiB a host), hosts
 * h18p-a and h18p-b in group g1, h18p-c in g2. Creates placed across the hosts by the policy, two
 * creates racing for the cluster's last slot (one gets it, the other is refused with each host's
 * reason, nothing overbooked on the hosts themselves), and a failed create whose reservation is
 * released.
 */
class PlacementIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> NODES = List.of("h18p-a", "h18p-b", "h18p-c");

    private Path dir;
    private final List<TestDriverAgent> agents = new ArrayList<>();
    private Orchestrator orchestrator;
    private final String name = "h18p-it-" + ProcessHandle.current().pid();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("h18p-placement");
        purge();
        for (String n : NODES) {
            agents.add(new TestDriverAgent(n, dir.resolve(n), 2, 1024, Map.of(HostLoad.GROUP,
                    n.equals("h18p-c") ? "g2" : "g1")).start());
        }
        orchestrator = Orchestrator.builder(name, AgentRoundTripIT.factory("iaas-orchestrator"))
                .placement(onlyOurs(PlacementPolicy.builder().cpuOvercommit(1.0).weigh(HostWeigher.spread(), 1.0)))
                .connect();
        for (String n : NODES) {
            orchestrator.awaitOnline(n, WAIT);
        }
        AgentRoundTripIT.awaitTrue(() -> orchestrator.cluster().snapshot().hosts().keySet().containsAll(NODES));
    }

    /**
     * The broker is shared: this orchestrator hears every agent on it (other tests' too), so the
     * policy keeps to this test's hosts.
     */
    static PlacementPolicy onlyOurs(PlacementPolicy.Builder b) {
        return b.filter((h, d) -> NODES.contains(h.name()) ? java.util.Optional.empty()
                : java.util.Optional.of("not a host of this test")).build();
    }

    /** Messages and queues of these nodes an earlier run left. */
    static void purge() throws Exception {
        try (Connection c = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                Channel ch = c.createChannel()) {
            Topology.declareShared(ch);
            for (String n : NODES) {
                ch.queueDeclare(Topology.jobQueue(n), true, false, false, Topology.jobQueueArguments());
                ch.queuePurge(Topology.jobQueue(n));
                ch.queueDeclare(Topology.controlQueue(n), true, false, false, Map.of());
                ch.queuePurge(Topology.controlQueue(n));
            }
        }
    }

    static void deleteQueues(String orchestratorName) throws Exception {
        try (Connection c = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                Channel ch = c.createChannel()) {
            ch.queueDelete(Topology.replyQueue(orchestratorName));
            for (String n : NODES) {
                ch.queueDelete(Topology.jobQueue(n));
                ch.queueDelete(Topology.controlQueue(n));
            }
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            if (orchestrator != null) {
                orchestrator.close(); // first: agents that stop now are no evacuation
            }
            for (TestDriverAgent a : agents) {
                a.close();
            }
            deleteQueues(name);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static CreateRequest create(String vm, int memoryMiB) {
        return CreateRequest.builder(vm).memoryMiB(memoryMiB).vcpus(1).build();
    }

    private Jobs.Answer place(String vm, int memoryMiB, Demand.Builder d) throws Exception {
        Orchestrator.JobHandle h = orchestrator.submit(PlacedCreate.of(create(vm, memoryMiB), d.build()));
        Jobs.Answer a = h.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(a.outcome()).as("%s", a).isEqualTo(Jobs.Outcome.SUCCEEDED);
        AgentRoundTripIT.awaitTrue(() -> orchestrator.cluster().snapshot().vm(vm).map(Vm::host)
                .filter(h.node()::equals).isPresent());
        return a;
    }

    private String hostOf(String vm) {
        return orchestrator.cluster().snapshot().vm(vm).map(Vm::host).orElse(null);
    }

    private TestDriverAgent agent(String node) {
        return agents.stream().filter(a -> a.node.equals(node)).findFirst().orElseThrow();
    }

    /** On each host, the domains it really has fit its 2 vCPUs and 1024 MiB. */
    private void assertNothingOverbooked() {
        for (TestDriverAgent a : agents) {
            long mem = 0;
            long cpus = 0;
            for (String d : a.domains()) {
                var info = a.driver.info(d);
                mem += info.maxMemoryKiB();
                cpus += info.vcpus();
            }
            assertThat(cpus).as("vCPUs on %s", a.node).isLessThanOrEqualTo(2);
            assertThat(mem).as("memory on %s", a.node).isLessThanOrEqualTo(1024 * 1024);
        }
    }

    @Test
    void createsArePlacedByGroupSpreadAndAntiAffinityAndTheLastSlotGoesToOneOfTwoRacingCreates() throws Exception {
        // g2 has one host.
        place("h18p-v1", 256, Demand.builder("h18p-v1", 256, 1).group("g2"));
        assertThat(hostOf("h18p-v1")).isEqualTo("h18p-c");
        // Spread in g1: one each on a and b.
        place("h18p-v2", 256, Demand.builder("h18p-v2", 256, 1).group("g1"));
        place("h18p-v3", 256, Demand.builder("h18p-v3", 256, 1).group("g1"));
        assertThat(List.of(hostOf("h18p-v2"), hostOf("h18p-v3"))).containsExactlyInAnyOrder("h18p-a", "h18p-b");
        // Anti-affinity with v2 and v1: the host of v3.
        place("h18p-v4", 256, Demand.builder("h18p-v4", 256, 1).antiAffinity("h18p-v2", "h18p-v1"));
        assertThat(hostOf("h18p-v4")).isEqualTo(hostOf("h18p-v3"));
        // Affinity with v1: c (its second and last vCPU).
        place("h18p-v5", 256, Demand.builder("h18p-v5", 256, 1).affinity("h18p-v1"));
        assertThat(hostOf("h18p-v5")).isEqualTo("h18p-c");
        assertThat(orchestrator.vmRecords()).extracting(JobStore.VmRecord::vm).contains("h18p-v1", "h18p-v5");

        // One vCPU is left in the cluster (on the host of v2). Two creates race for it.
        String last = hostOf("h18p-v2");
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Object>> racers = new ArrayList<>();
        try {
            for (String vm : List.of("h18p-r1", "h18p-r2")) {
                racers.add(pool.submit(() -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    try {
                        return orchestrator.submit(PlacedCreate.of(create(vm, 128), Demand.builder(vm, 128, 1).build()));
                    } catch (NoHostFitsException e) {
                        return e;
                    }
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> f : racers) {
                results.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
            assertThat(results).filteredOn(r -> r instanceof Orchestrator.JobHandle).hasSize(1);
            assertThat(results).filteredOn(r -> r instanceof NoHostFitsException).singleElement()
                    .satisfies(r -> assertThat(((NoHostFitsException) r).reasons()).containsKeys("h18p-a", "h18p-b",
                            "h18p-c").allSatisfy((host, why) -> assertThat(why).containsAnyOf("free vCPUs 0 < 1 asked",
                                    "not a host of this test")));
            Orchestrator.JobHandle winner = (Orchestrator.JobHandle) results.stream()
                    .filter(r -> r instanceof Orchestrator.JobHandle).findFirst().orElseThrow();
            assertThat(winner.node()).isEqualTo(last);
            assertThat(winner.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome())
                    .isEqualTo(Jobs.Outcome.SUCCEEDED);
        } finally {
            pool.shutdownNow();
        }
        AgentRoundTripIT.awaitTrue(() -> orchestrator.placement().reservations().isEmpty());
        assertNothingOverbooked();
        assertThat(agents.stream().mapToInt(a -> a.domains().size()).sum()).isEqualTo(6);
        assertThat(orchestrator.placement().loads()).filteredOn(h -> NODES.contains(h.name()))
                .hasSize(3).allSatisfy(h -> assertThat(h.freeVcpus()).isZero());

        // A delete frees its slot for the next placement.
        String v3host = hostOf("h18p-v3");
        assertThat(orchestrator.submit(v3host, new DeleteRequest(v3host, "h18p-v3", true)).answer()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        AgentRoundTripIT.awaitTrue(() -> hostOf("h18p-v3") == null);
        place("h18p-v6", 256, Demand.builder("h18p-v6", 256, 1));
        assertThat(hostOf("h18p-v6")).isEqualTo(v3host);
        assertNothingOverbooked();
    }

    @Test
    void aFailedCreateReleasesItsReservationAndItsRecord() throws Exception {
        place("h18p-f0", 512, Demand.builder("h18p-f0", 512, 1).node("h18p-a"));
        // The rest of a's memory, for a create that fails on the agent (no such template).
        Orchestrator.JobHandle h = orchestrator.submit(PlacedCreate.of(CreateRequest.builder("h18p-f1")
                .template("h18p-no-such-template.qcow2").memoryMiB(512).vcpus(1).build(),
                Demand.builder("h18p-f1", 512, 1).node("h18p-a").build()));
        assertThat(h.node()).isEqualTo("h18p-a");
        assertThat(orchestrator.placement().reservations()).extracting(r -> r.vm()).contains("h18p-f1");
        // While it is reserved, a's memory is all taken.
        assertThatThrownBy(() -> orchestrator.submit(PlacedCreate.of(create("h18p-f2", 64),
                Demand.builder("h18p-f2", 64, 1).node("h18p-a").build()))).isInstanceOf(NoHostFitsException.class)
                .hasMessageContaining("h18p-a: free memory 0 MiB < 64 MiB asked");
        Jobs.Answer a = h.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(a.outcome()).as("%s", a).isEqualTo(Jobs.Outcome.FAILED);
        AgentRoundTripIT.awaitTrue(() -> orchestrator.placement().reservations().isEmpty());
        AgentRoundTripIT.awaitTrue(() -> orchestrator.vmRecords().stream().noneMatch(r -> r.vm().equals("h18p-f1")));
        assertThat(agent("h18p-a").domains()).containsExactly("h18p-f0");
        // Its memory is free again.
        place("h18p-f2", 512, Demand.builder("h18p-f2", 512, 1).node("h18p-a"));
        assertThat(agent("h18p-a").domains()).containsExactly("h18p-f0", "h18p-f2");
        assertNothingOverbooked();
    }
}
