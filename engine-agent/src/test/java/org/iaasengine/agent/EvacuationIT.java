package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.placement.Demand;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.model.Vm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evacuation on the real RabbitMQ: two host agents on in-process libvirt test drivers (h18p-a,
 * h18p-b) and an orchestrator with a SQLite job store. Agent a stops (it says goodbye: OFFLINE);
 * its HA VM is recreated on b, its non-HA VM is not; a comes back and the copy it still has is
 * cleaned up (the cleanup job was queued for it); the cluster model and the hosts end with one
 * copy, on b. An orchestrator restarted on the same store recreates nothing again.
 */
class EvacuationIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path dir;
    private final List<TestDriverAgent> agents = new ArrayList<>();
    private Orchestrator orchestrator;
    private final String name = "h18p-it-evac-" + ProcessHandle.current().pid();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("h18p-evacuation");
        PlacementIT.purge();
        for (String n : List.of("h18p-a", "h18p-b")) {
            agents.add(new TestDriverAgent(n, dir.resolve(n), 4, 2048, Map.of()).start());
        }
        orchestrator = connect();
    }

    private Orchestrator connect() throws Exception {
        return connect(true);
    }

    private Orchestrator connect(boolean evacuation) throws Exception {
        Orchestrator o = Orchestrator.builder(name, AgentRoundTripIT.factory("iaas-orchestrator")).evacuation(evacuation)
                .store(JobStore.sqlite(dir.resolve("orchestrator.db"))).offlineAfter(Duration.ofSeconds(2))
                .placement(PlacementIT.onlyOurs(org.iaasengine.agent.placement.PlacementPolicy.builder())).connect();
        o.awaitOnline("h18p-a", WAIT);
        o.awaitOnline("h18p-b", WAIT);
        AgentRoundTripIT.awaitTrue(() -> o.cluster().snapshot().hosts().keySet().containsAll(List.of("h18p-a",
                "h18p-b")));
        return o;
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
            PlacementIT.deleteQueues(name);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private String hostOf(String vm) {
        return orchestrator.cluster().snapshot().vm(vm).map(Vm::host).orElse(null);
    }

    private void placeOnA(String vm, boolean ha) throws Exception {
        Orchestrator.JobHandle h = orchestrator.submit(PlacedCreate.of(CreateRequest.builder(vm).memoryMiB(128)
                .vcpus(1).build(), Demand.builder(vm, 128, 1).node("h18p-a").build()).ha(ha));
        assertThat(h.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS).outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        AgentRoundTripIT.awaitTrue(() -> "h18p-a".equals(hostOf(vm)));
    }

    @Test
    void anHaVmOfAnOfflineHostIsRecreatedElsewhereAndItsLeftoverCleanedUpWhenTheHostComesBack() throws Exception {
        TestDriverAgent a = agents.get(0);
        TestDriverAgent b = agents.get(1);
        placeOnA("h18p-ha", true);
        placeOnA("h18p-plain", false);
        String uuid = orchestrator.cluster().snapshot().vm("h18p-ha").orElseThrow().uuid();

        a.stop();
        AgentRoundTripIT.awaitTrue(() -> orchestrator.job("evacuate-h18p-ha-1").isPresent());
        Jobs.Answer evacuated = orchestrator.job("evacuate-h18p-ha-1").orElseThrow().answer()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(evacuated.outcome()).as("%s", evacuated).isEqualTo(Jobs.Outcome.SUCCEEDED);
        AgentRoundTripIT.awaitTrue(() -> "h18p-b".equals(hostOf("h18p-ha")));
        assertThat(orchestrator.nodes().get("h18p-a").state()).isEqualTo(Orchestrator.NodeState.OFFLINE);
        assertThat(b.domains()).containsExactly("h18p-ha");
        assertThat(b.driver.lookup("h18p-ha").orElseThrow().uuid()).as("the same VM: its UUID kept").isEqualTo(uuid);
        assertThat(hostOf("h18p-plain")).as("not HA: left where it was").isEqualTo("h18p-a");
        assertThat(orchestrator.vmRecords()).filteredOn(r -> r.vm().equals("h18p-ha")).singleElement()
                .satisfies(r -> {
                    assertThat(r.node()).isEqualTo("h18p-b");
                    assertThat(r.generation()).isEqualTo(1);
                    assertThat(r.evacuatedFrom()).isEqualTo("h18p-a");
                    assertThat(r.jobId()).isEqualTo("evacuate-h18p-ha-1");
                });
        AgentRoundTripIT.awaitTrue(() -> orchestrator.leftovers().contains(new JobStore.Leftover("h18p-ha", "h18p-a",
                false)));
        // While a is away its host still runs both (it was only the agent that stopped).
        assertThat(a.domains()).containsExactly("h18p-ha", "h18p-plain");

        a.start();
        orchestrator.awaitOnline("h18p-a", WAIT);
        AgentRoundTripIT.awaitTrue(() -> a.domains().equals(List.of("h18p-plain")));
        AgentRoundTripIT.awaitTrue(() -> orchestrator.leftovers().contains(new JobStore.Leftover("h18p-ha", "h18p-a",
                true)));
        // a's agent still reports its copy (cleanup leaves its model alone): the cluster model ignores it.
        Thread.sleep(500);
        assertThat(hostOf("h18p-ha")).isEqualTo("h18p-b");
        assertThat(hostOf("h18p-plain")).isEqualTo("h18p-a");
        assertThat(b.domains()).containsExactly("h18p-ha");
        assertThat(a.journal().list(100).stream().filter(e -> e.actionId().equals("cleanup-h18p-ha-h18p-a-1")))
                .hasSize(1);

        // An orchestrator restarted on the same store: the fence is kept, nothing is evacuated again.
        orchestrator.close();
        orchestrator = connect();
        AgentRoundTripIT.awaitTrue(() -> "h18p-b".equals(hostOf("h18p-ha")) && "h18p-a".equals(hostOf("h18p-plain")));
        Thread.sleep(2500); // an evacuation round runs every 2 s
        assertThat(hostOf("h18p-ha")).isEqualTo("h18p-b");
        assertThat(orchestrator.vmRecords()).filteredOn(r -> r.vm().equals("h18p-ha")).singleElement()
                .satisfies(r -> assertThat(r.generation()).isEqualTo(1));
        assertThat(b.journal().list(100).stream().filter(e -> e.actionId().startsWith("evacuate-"))).hasSize(1);
        assertThat(a.domains()).containsExactly("h18p-plain");
        assertThat(b.domains()).containsExactly("h18p-ha");
    }

    /**
     * The orchestrator died after it kept an evacuation's record and job and before it sent the
     * job (the state is written here as that crash leaves it): the next one sends that same job,
     * which recreates the VM once, and cleans up the old host's copy when it comes back.
     */
    @Test
    void anOrchestratorThatDiedDuringAnEvacuationSendsTheSameJobAgainAndOnlyIt() throws Exception {
        TestDriverAgent a = agents.get(0);
        TestDriverAgent b = agents.get(1);
        orchestrator.close();
        orchestrator = connect(false);
        placeOnA("h18p-ha2", true);
        a.stop();
        AgentRoundTripIT.awaitTrue(() -> orchestrator.nodes().get("h18p-a").state() == Orchestrator.NodeState.OFFLINE);
        Thread.sleep(2500); // evacuation is off: nothing happens
        assertThat(b.domains()).isEmpty();
        JobStore.VmRecord placed = orchestrator.vmRecords().get(0);
        orchestrator.close();
        orchestrator = null;

        String jobId = "evacuate-h18p-ha2-1";
        try (JobStore store = JobStore.sqlite(dir.resolve("orchestrator.db"))) {
            store.keepVm(new JobStore.VmRecord("h18p-ha2", name, "h18p-b", placed.requestJson(), placed.demand(), true,
                    jobId, 1, "h18p-a", java.time.Instant.now()));
            store.submitted(new JobStore.Job(jobId, name, "h18p-b", "create",
                    PlacedCreate.bind(placed.requestJson(), "h18p-b"), java.time.Instant.now(), null));
        }
        Orchestrator o = Orchestrator.builder(name, AgentRoundTripIT.factory("iaas-orchestrator"))
                .store(JobStore.sqlite(dir.resolve("orchestrator.db"))).offlineAfter(Duration.ofSeconds(2))
                .placement(PlacementIT.onlyOurs(org.iaasengine.agent.placement.PlacementPolicy.builder())).connect();
        orchestrator = o;
        Jobs.Answer resent = o.job(jobId).orElseThrow().answer().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(resent.outcome()).as("%s", resent).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(b.domains()).containsExactly("h18p-ha2");
        AgentRoundTripIT.awaitTrue(() -> o.leftovers().contains(new JobStore.Leftover("h18p-ha2", "h18p-a", false)));

        a.start();
        AgentRoundTripIT.awaitTrue(() -> a.domains().isEmpty());
        AgentRoundTripIT.awaitTrue(() -> "h18p-b".equals(hostOf("h18p-ha2")));
        Thread.sleep(2500); // an evacuation round runs every 2 s
        assertThat(hostOf("h18p-ha2")).isEqualTo("h18p-b");
        assertThat(b.journal().list(100).stream().filter(e -> e.actionId().startsWith("evacuate-")))
                .extracting(e -> e.actionId()).containsExactly(jobId);
        assertThat(o.vmRecords()).singleElement().satisfies(r -> assertThat(r.generation()).isEqualTo(1));
        assertThat(b.domains()).containsExactly("h18p-ha2");
    }
}
