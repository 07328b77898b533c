package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.PauseActions.PauseRequest;
import org.iaasengine.core.Engine;
import org.iaasengine.journal.SqlJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's guarantees that do not depend on the hypervisor, on the real RabbitMQ: cancel of a
 * running job and of a job still in the broker's queue, progress, node liveness and the fail-fast
 * of a job for an offline node, and an orchestrator that restarts while its jobs run. The jobs are
 * {@link PauseActions} (a marker file written, then a sleep).
 */
class AgentJobsIT {
    private static final String NODE = "test-jobs";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path dir;
    private SqlJournal journal;
    private Engine engine;
    private HostAgent<Path> agent;
    private Orchestrator orchestrator;
    private final String name = "it-jobs-" + ProcessHandle.current().pid();

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("iaas-agent-jobs");
        journal = SqlJournal.sqlite(dir.resolve("journal.db")).owner("agent-" + NODE).open();
        engine = Engine.builder().workers(4).journal(journal).build();
        try (Connection c = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                Channel ch = c.createChannel()) {
            Topology.declareShared(ch);
            ch.queueDeclare(Topology.jobQueue(NODE), true, false, false, Topology.jobQueueArguments());
            ch.queuePurge(Topology.jobQueue(NODE)); // what an earlier run left
            ch.queueDeclare(Topology.controlQueue(NODE), true, false, false, java.util.Map.of());
            ch.queuePurge(Topology.controlQueue(NODE));
        }
        agent = newAgent();
        agent.start();
        orchestrator = Orchestrator.builder(name, AgentRoundTripIT.factory("iaas-orchestrator"))
                .store(JobStore.sqlite(dir.resolve("orchestrator.db"))).offlineAfter(Duration.ofSeconds(2)).connect();
        orchestrator.awaitOnline(NODE, WAIT);
    }

    private HostAgent<Path> newAgent() {
        return HostAgent.builder(NODE, AgentRoundTripIT.factory("iaas-agent-" + NODE), PauseActions.registry(), dir)
                .engine(engine).journal(journal).heartbeat(Duration.ofMillis(200)).stopGrace(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void tearDown() throws Exception {
        agent.close();
        orchestrator.close();
        try (Connection c = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                Channel ch = c.createChannel()) {
            ch.queueDelete(Topology.replyQueue(name));
        }
        engine.close();
        journal.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Jobs.Answer answer(Orchestrator.JobHandle h) throws Exception {
        return h.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aRunningJobCancelledIsInterruptedAndRevertedAndTheAnswerSaysWhat() throws Exception {
        Orchestrator.JobHandle h = orchestrator.submit(NODE, "cancel-running", new PauseRequest(NODE, "m1", 60_000));
        AgentRoundTripIT.awaitTrue(() -> h.progress().stream().anyMatch(p -> "sleep".equals(p.step())));
        assertThat(dir.resolve("m1")).exists();
        assertThat(h.cancel()).isTrue();
        Jobs.Answer a = answer(h);
        assertThat(a.outcome()).as("%s", a).isEqualTo(Jobs.Outcome.CANCELLED);
        assertThat(a.failure().reverted()).containsExactly("mark");
        assertThat(dir.resolve("m1")).doesNotExist();
        assertThat(h.cancel()).as("answered: nothing to cancel").isFalse();
    }

    @Test
    void aJobCancelledWhileItsAgentIsAwayNeverRuns() throws Exception {
        agent.stop(Duration.ofSeconds(5));
        AgentRoundTripIT.awaitTrue(() -> orchestrator.nodes().get(NODE).state() == Orchestrator.NodeState.OFFLINE);
        assertThatThrownBy(() -> orchestrator.submit(NODE, "refused", new PauseRequest(NODE, "m0", 10)))
                .isInstanceOf(Orchestrator.NodeUnavailableException.class)
                .hasMessageContaining("node '" + NODE + "' is OFFLINE").hasMessageContaining("waitForNode");

        Orchestrator.JobHandle h = orchestrator.submit(NODE, "cancel-queued", new PauseRequest(NODE, "m2", 10),
                Orchestrator.SubmitOptions.waitForNode());
        assertThat(h.cancel()).isTrue();
        agent = newAgent();
        agent.start();
        Jobs.Answer a = answer(h);
        assertThat(a.outcome()).as("%s", a).isEqualTo(Jobs.Outcome.CANCELLED);
        assertThat(a.failure().failedStep()).isEqualTo("queued");
        assertThat(a.failure().reverted()).isEmpty();
        orchestrator.awaitOnline(NODE, WAIT);
        // The job's own delivery is answered from the journal, and never runs.
        Jobs.Answer after = answer(orchestrator.submit(NODE, "after", new PauseRequest(NODE, "m3", 10)));
        assertThat(after.outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(dir.resolve("m2")).doesNotExist();
        assertThat(journal.records("cancel-queued")).isEmpty();
    }

    @Test
    void anOrchestratorThatRestartsFindsItsJobsAndTheirAnswers() throws Exception {
        Jobs.Answer done = answer(orchestrator.submit(NODE, "before-restart", new PauseRequest(NODE, "m4", 10)));
        assertThat(done.outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        orchestrator.submit(NODE, "during-restart", new PauseRequest(NODE, "m5", 1500));
        orchestrator.close();

        // A job kept but never published (the orchestrator died between the two) is sent on connect.
        try (JobStore store = JobStore.sqlite(dir.resolve("orchestrator.db"))) {
            store.submitted(new JobStore.Job("never-sent", name, NODE, "pause", org.iaasengine.request.RequestCodec
                    .writer().toJson(new PauseRequest(NODE, "m6", 10)), java.time.Instant.now(), null));
        }
        Thread.sleep(2000); // the running job answers while no orchestrator listens
        orchestrator = Orchestrator.builder(name, AgentRoundTripIT.factory("iaas-orchestrator"))
                .store(JobStore.sqlite(dir.resolve("orchestrator.db"))).connect();
        assertThat(answer(orchestrator.job("before-restart").orElseThrow())).isEqualTo(done);
        Jobs.Answer during = answer(orchestrator.job("during-restart").orElseThrow());
        assertThat(during.outcome()).as("%s", during).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(during.fromJournal()).as("answered by its run, kept in the reply queue").isFalse();
        Jobs.Answer resent = answer(orchestrator.job("never-sent").orElseThrow());
        assertThat(resent.outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(dir.resolve("m6")).exists();
        assertThat(orchestrator.job("no-such-job")).isEmpty();
        // Each ran once.
        for (String id : new String[] {"before-restart", "during-restart", "never-sent"}) {
            assertThat(journal.list(100).stream().filter(e -> e.actionId().equals(id))).hasSize(1);
        }
    }

    @Test
    void aJobThatStillRunsWhenTheAgentStopsGoesBackToTheQueueAndRunsOnce() throws Exception {
        Orchestrator.JobHandle h = orchestrator.submit(NODE, "stop-mid-job", new PauseRequest(NODE, "m7", 1000));
        AgentRoundTripIT.awaitTrue(() -> h.progress().stream().anyMatch(p -> "sleep".equals(p.step())));
        agent.stop(Duration.ofSeconds(10)); // waits for it: the job finishes and is answered
        Jobs.Answer a = answer(h);
        assertThat(a.outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(a.fromJournal()).isFalse();
        agent = newAgent();
        agent.start();
        assertThat(journal.list(100).stream().filter(e -> e.actionId().equals("stop-mid-job"))).hasSize(1);
    }
}
