package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.actions.LibvirtPlanContext;
import org.iaasengine.libvirt.actions.LibvirtRegistry;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A host agent (libvirt's test driver in process) and an orchestrator on the real RabbitMQ that
 * {@code scripts/rabbitmq-up.sh} starts, each with its own broker user: jobs answered, a job
 * submitted twice run once, bad messages refused with the reason, the broker's permissions keep
 * an agent to its own queue. Never skipped: no broker is a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentRoundTripIT {
    private static final String NODE = "test-node";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path dir;
    private LibvirtJavaDriver driver;
    private SqlJournal journal;
    private Engine engine;
    private HostAgent<LibvirtPlanContext> agent;
    private Orchestrator orchestrator;

    static ConnectionFactory factory(String user) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setVirtualHost("iaas");
        f.setUsername(user);
        f.setPassword(user);
        f.setConnectionTimeout(10_000);
        f.setHandshakeTimeout(10_000);
        f.setRequestedHeartbeat(10);
        return f;
    }

    @BeforeAll
    void setUp() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("iaas-agent-it");
        driver = LibvirtJavaDriver.open("test:///default");
        LibvirtHost host = LibvirtHost.builder(NODE, driver).domainType("test")
                .store(DefinitionStore.open(dir.resolve("definitions"))).storage(dir.resolve("storage"))
                .templates(dir.resolve("templates")).build();
        LibvirtActions actions = new LibvirtActions(new ResourceModel());
        journal = SqlJournal.sqlite(dir.resolve("journal.db")).owner("agent-" + NODE).open();
        engine = Engine.builder().workers(4).journal(journal).build();
        orchestrator = Orchestrator.connect("it-" + ProcessHandle.current().pid(), factory("iaas-orchestrator"));
        agent = HostAgent.builder(NODE, factory("iaas-agent-" + NODE), LibvirtRegistry.registry(),
                LibvirtPlanContext.of(actions, host)).engine(engine).journal(journal).model(actions.model(), null)
                .heartbeat(Duration.ofMillis(300)).build();
        agent.start();
        try (Connection c = factory("iaas-orchestrator").newConnection(); Channel ch = c.createChannel()) {
            ch.queuePurge(HostAgent.queue(NODE)); // what an earlier run left
        }
    }

    @AfterAll
    void tearDown() throws Exception {
        agent.close();
        try (Connection c = factory("iaas-orchestrator").newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(Orchestrator.replyQueue("it-" + ProcessHandle.current().pid()));
        }
        orchestrator.close();
        engine.close();
        journal.close();
        driver.close();
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Jobs.Answer answer(Orchestrator.JobHandle h) throws Exception {
        return h.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aJobIsAnsweredAndTheSameJobSubmittedAgainIsAnsweredFromTheJournalWithoutRunningTwice() throws Exception {
        CreateRequest create = CreateRequest.builder("agent-vm1").host(NODE).memoryMiB(64).build();
        Jobs.Answer first = answer(orchestrator.submit(NODE, "job-create-1", create));
        assertThat(first.outcome()).as("%s", first).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(first.fromJournal()).isFalse();
        assertThat(first.result().get("name").asText()).isEqualTo("agent-vm1");
        assertThat(driver.lookup("agent-vm1")).isPresent();

        // The same job id submitted again answers the same handle; sent again to the agent (by
        // another orchestrator here), it is answered from the agent's journal.
        assertThat(orchestrator.submit(NODE, "job-create-1", create).answer().get()).isEqualTo(first);
        Jobs.Answer again;
        try (Orchestrator other = Orchestrator.connect("it-other-" + ProcessHandle.current().pid(),
                factory("iaas-orchestrator"))) {
            again = answer(other.submit(NODE, "job-create-1", create));
        }
        try (Connection c = factory("iaas-orchestrator").newConnection(); Channel ch = c.createChannel()) {
            ch.queueDelete(Orchestrator.replyQueue("it-other-" + ProcessHandle.current().pid()));
        }
        assertThat(again.outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(again.fromJournal()).isTrue();
        assertThat(again.result()).isEqualTo(first.result());
        assertThat(journal.list(100).stream().filter(e -> e.actionId().equals("job-create-1"))).hasSize(1);

        Jobs.Answer deleted = answer(orchestrator.submit(NODE, new DeleteRequest(NODE, "agent-vm1", true)));
        assertThat(deleted.outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(driver.lookup("agent-vm1")).isEmpty();
    }

    @Test
    void theClusterModelFollowsTheAgentsModel() throws Exception {
        orchestrator.awaitOnline(NODE, WAIT);
        assertThat(orchestrator.nodes().get(NODE).state()).isEqualTo(Orchestrator.NodeState.ONLINE);
        Jobs.Answer created = answer(orchestrator.submit(NODE, CreateRequest.builder("agent-vm3").host(NODE)
                .memoryMiB(32).build()));
        assertThat(created.outcome()).as("%s", created).isEqualTo(Jobs.Outcome.SUCCEEDED);
        awaitTrue(() -> orchestrator.cluster().snapshot().vm("agent-vm3").filter(v -> NODE.equals(v.host())
                && v.state() == org.iaasengine.model.VmState.RUNNING).isPresent());
        assertThat(answer(orchestrator.submit(NODE, new DeleteRequest(NODE, "agent-vm3", true))).outcome())
                .isEqualTo(Jobs.Outcome.SUCCEEDED);
        awaitTrue(() -> orchestrator.cluster().snapshot().vm("agent-vm3").isEmpty());
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aRequestForAnotherHostIsRefused() throws Exception {
        Jobs.Answer a = answer(orchestrator.submit(NODE, CreateRequest.builder("agent-vm4").host("host2")
                .memoryMiB(32).build()));
        assertThat(a.outcome()).isEqualTo(Jobs.Outcome.REJECTED);
        assertThat(a.failure().category()).isEqualTo("WRONG_NODE");
        assertThat(a.failure().message()).contains("host 'host2'").contains("'" + NODE + "'");
        assertThat(driver.lookup("agent-vm4")).isEmpty();
    }

    @Test
    void aFailedJobSaysWhatFailedAndWhatWasReverted() throws Exception {
        Jobs.Answer a = answer(orchestrator.submit(NODE, new org.iaasengine.libvirt.spec.StartRequest(NODE,
                "agent-no-such-vm")));
        assertThat(a.outcome()).as("%s", a).isEqualTo(Jobs.Outcome.FAILED);
        assertThat(a.failure().category()).isEqualTo("NOT_FOUND");
        assertThat(a.failure().message()).contains("agent-no-such-vm");
    }

    @Test
    void badMessagesAreRefusedWithTheReasonAndTheAgentGoesOn() throws Exception {
        orchestrator.send(NODE, "bad-1", "not json at all".getBytes(StandardCharsets.UTF_8));
        Jobs.Answer notJson = answer(orchestrator.job("bad-1").orElseThrow());
        assertThat(notJson.outcome()).isEqualTo(Jobs.Outcome.REJECTED);
        assertThat(notJson.failure().message()).contains("not a Request");

        orchestrator.send(NODE, "bad-2", ("{\"schema\":1,\"jobId\":\"bad-2\",\"node\":\"" + NODE
                + "\",\"request\":{\"schema\":1,\"action\":\"format-disk\",\"request\":{}}}")
                .getBytes(StandardCharsets.UTF_8));
        Jobs.Answer unknown = answer(orchestrator.job("bad-2").orElseThrow());
        assertThat(unknown.outcome()).isEqualTo(Jobs.Outcome.REJECTED);
        assertThat(unknown.failure().message()).contains("unknown action 'format-disk'");

        orchestrator.send(NODE, "bad-3", new byte[Jobs.MAX_BYTES + 1]);
        assertThat(answer(orchestrator.job("bad-3").orElseThrow()).failure().message()).contains("larger than");

        // Each is in the dead-letter queue with its reason.
        java.util.Map<String, String> codes = new java.util.HashMap<>();
        try (Connection c = factory("iaas-orchestrator").newConnection(); Channel ch = c.createChannel()) {
            com.rabbitmq.client.GetResponse r;
            while ((r = ch.basicGet(Topology.DEAD_LETTER_QUEUE, true)) != null) {
                java.util.Map<String, Object> h = r.getProps().getHeaders();
                if (h != null && NODE.equals(String.valueOf(h.get(Topology.REFUSED_BY)))) {
                    codes.put(r.getProps().getCorrelationId(), String.valueOf(h.get(Topology.REASON_CODE)));
                    assertThat(String.valueOf(h.get(Topology.REASON))).isNotBlank();
                }
            }
        }
        assertThat(codes).containsEntry("bad-1", "MALFORMED").containsEntry("bad-2", "INVALID_REQUEST")
                .containsEntry("bad-3", "OVERSIZED");

        // Still serving.
        Jobs.Answer ok = answer(orchestrator.submit(NODE, CreateRequest.builder("agent-vm2").host(NODE).memoryMiB(32)
                .build()));
        assertThat(ok.outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);
        assertThat(answer(orchestrator.submit(NODE, new DeleteRequest(NODE, "agent-vm2", true))).outcome())
                .isEqualTo(Jobs.Outcome.SUCCEEDED);
    }

    @Test
    void aJobForANodeWithoutAQueueFailsAtOnce() {
        Orchestrator.JobHandle h = orchestrator.submit("no-such-node", CreateRequest.builder("x").host("no-such-node")
                .memoryMiB(32).build());
        assertThatThrownBy(() -> h.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS)).cause()
                .isInstanceOf(CommandException.class).hasMessageContaining("no agent queue for node 'no-such-node'")
                .satisfies(e -> assertThat(((CommandException) e).category()).isEqualTo(FailureCategory.NOT_FOUND));
    }

    @Test
    void theBrokerKeepsAnAgentToItsOwnQueue() throws Exception {
        try (Connection c = factory("iaas-agent-" + NODE).newConnection()) {
            Channel ch = c.createChannel();
            assertThatThrownBy(() -> ch.basicConsume(HostAgent.queue("host1"), true, (t, d) -> { }, t -> { }))
                    .hasStackTraceContaining("ACCESS_REFUSED");
            // Events in another node's name: refused by the topic permissions.
            Channel events = c.createChannel();
            events.confirmSelect();
            events.basicPublish(Topology.EVENTS, "host1.heartbeat", null, "{}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> events.waitForConfirmsOrDie(10_000)).hasStackTraceContaining("ACCESS_REFUSED");
            // A job into another node's queue: no write on the default exchange.
            Channel inject = c.createChannel();
            inject.confirmSelect();
            inject.basicPublish("", HostAgent.queue("host1"), null, "{}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> inject.waitForConfirmsOrDie(10_000)).hasStackTraceContaining("ACCESS_REFUSED");
            // Another node's control messages: no binding under its key.
            Channel bind = c.createChannel();
            assertThatThrownBy(() -> bind.queueBind(Topology.controlQueue(NODE), Topology.CONTROL, "host1.#"))
                    .hasStackTraceContaining("ACCESS_REFUSED");
            // Its own name is fine.
            Channel own = c.createChannel();
            own.confirmSelect();
            own.basicPublish(Topology.EVENTS, NODE + ".probe", null, "{}".getBytes(StandardCharsets.UTF_8));
            own.waitForConfirmsOrDie(10_000);
        }
    }
}
