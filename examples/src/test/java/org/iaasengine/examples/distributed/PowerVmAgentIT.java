package org.iaasengine.examples.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.HostAgent;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.core.Engine;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.PowerVmPlanContext;
import org.iaasengine.powervm.actions.PowerVmRegistry;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.DestroyRequest;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.junit.jupiter.api.Test;

/**
 * A host agent of a PowerVM host (the project's PowerVM REST simulator: no HMC runs here) on the
 * real broker over TLS with its own node user: the same {@link HostAgent}, with the PowerVM
 * registry. Spawn and destroy as jobs; the orchestrator's cluster model follows.
 */
class PowerVmAgentIT {
    private static final String NODE = "test-node";

    @Test
    void aPowerVmAgentSpawnsAndDestroysAnLparAsJobs() throws Exception {
        Path dir = Files.createTempDirectory("iaas-powervm-agent");
        String name = "it-powervm-" + ProcessHandle.current().pid();
        try (PowerVmSimulator sim = PowerVmSimulator.start();
                PowerVmClient client = PowerVmClient.connect(sim.config().build());
                SqlJournal journal = SqlJournal.sqlite(dir.resolve("journal.db")).owner("agent-" + NODE).open();
                Engine engine = Engine.builder().workers(2).journal(journal).build()) {
            ResourceModel model = new ResourceModel();
            PowerVmHost host = PowerVmHost.of(NODE, client, sim.systemUuid("sim-a"), "sim-a", sim.viosUuid("vios-a"),
                    model);
            PowerVmPlanContext ctx = PowerVmPlanContext.of(host).withDisks(NODE, new LocalDiskDriver(client,
                    sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg")));
            try (HostAgent<PowerVmPlanContext> agent = HostAgent.builder(NODE,
                    org.iaasengine.agent.BrokerSettings.withCredentials(AgentProcess.BROKER, "iaas-agent-" + NODE,
                            "iaas-agent-" + NODE, AgentProcess.CA).factory(), PowerVmRegistry.registry(), ctx)
                    .engine(engine).journal(journal).model(model, null).heartbeat(Duration.ofMillis(300))
                    .stopGrace(Duration.ofSeconds(10)).build()) {
                agent.start();
                Orchestrator o = Orchestrator.connect(name, AgentProcess.orchestratorBroker().factory());
                try {
                    o.awaitOnline(NODE, Duration.ofSeconds(30));
                    Jobs.Answer spawned = o.submit(NODE, new SpawnRequest(NODE, "pvm-web1", 2048, 0.5, 1, 100,
                            new ImageRef("rhel9", 10), 20)).answer().get(2, TimeUnit.MINUTES);
                    assertThat(spawned.outcome()).as("%s", spawned).isEqualTo(Jobs.Outcome.SUCCEEDED);
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (o.cluster().snapshot().vm("pvm-web1").filter(v -> v.state() == VmState.RUNNING).isEmpty()
                            && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(o.cluster().snapshot().vm("pvm-web1")).hasValueSatisfying(v -> {
                        assertThat(v.host()).isEqualTo(NODE);
                        assertThat(v.state()).isEqualTo(VmState.RUNNING);
                    });
                    Jobs.Answer destroyed = o.submit(NODE, new DestroyRequest(NODE, "pvm-web1")).answer()
                            .get(2, TimeUnit.MINUTES);
                    assertThat(destroyed.outcome()).as("%s", destroyed).isEqualTo(Jobs.Outcome.SUCCEEDED);
                    assertThat(sim.snapshot().holdsNoVmResources()).isTrue();
                    deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (o.cluster().snapshot().vm("pvm-web1").isPresent() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    assertThat(o.cluster().snapshot().vm("pvm-web1")).isEmpty();
                } finally {
                    o.retire();
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
