package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.Engine;
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
import org.junit.jupiter.api.Test;

/**
 * Generated hostile messages at a libvirt agent (test driver) on the real broker: random bytes,
 * JSON that is not a job, other schema versions, missing and unknown fields, another node, an
 * unknown action, requests the registry refuses, oversized and deeply nested bodies, messages
 * without a job id. Every one is dead-lettered with its reason and code, each with a job id is
 * answered REJECTED, none has a side effect (no domain, no journal entry), and the agent still
 * serves a good job afterwards.
 */
class HostileMessagesIT {
    private static final String NODE = "test-node";
    private static final long SEED = Long.getLong("iaas.hostile.seed", 20261201L);
    private static final int COUNT = Integer.getInteger("iaas.hostile.count", 150);

    /** A hostile message: its bytes and the reason codes it may be refused with. */
    private record Hostile(String id, byte[] body, String kind) {
    }

    private static List<Hostile> generate(Random r, int n) {
        String[] kinds = {"bytes", "not-object", "schema", "missing", "unknown-field", "other-node", "unknown-action",
            "bad-params", "other-host", "oversized", "nested", "truncated", "bad-utf8"};
        List<Hostile> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String kind = kinds[i % kinds.length];
            String id = "hostile-" + SEED + "-" + i;
            String good = job(id, NODE, "create", "{\"host\":\"" + NODE + "\",\"name\":\"hv-" + i + "\",\"memoryMiB\":32}");
            byte[] body = switch (kind) {
                case "bytes" -> {
                    byte[] b = new byte[1 + r.nextInt(2000)];
                    r.nextBytes(b);
                    yield b;
                }
                case "not-object" -> List.of("[]", "42", "\"job\"", "null", "true", "[{\"schema\":1}]")
                        .get(r.nextInt(6)).getBytes(StandardCharsets.UTF_8);
                case "schema" -> good.replaceFirst("\"schema\":1", "\"schema\":" + (2 + r.nextInt(1000)))
                        .getBytes(StandardCharsets.UTF_8);
                case "missing" -> good.replaceFirst(List.of("\"jobId\":\"" + id + "\",", "\"node\":\"" + NODE + "\",",
                        "\"schema\":1,").get(r.nextInt(3)), "").getBytes(StandardCharsets.UTF_8);
                case "unknown-field" -> good.replaceFirst("\\{", "{\"priority\":" + r.nextInt(9) + ",")
                        .getBytes(StandardCharsets.UTF_8);
                case "other-node" -> job(id, "host" + (1 + r.nextInt(2)), "create", "{\"host\":\"" + NODE
                        + "\",\"name\":\"hv-" + i + "\",\"memoryMiB\":32}").getBytes(StandardCharsets.UTF_8);
                case "unknown-action" -> job(id, NODE, List.of("format-disk", "rm", "", "CREATE").get(r.nextInt(4)),
                        "{}").getBytes(StandardCharsets.UTF_8);
                case "bad-params" -> job(id, NODE, "create", List.of(
                        "{\"host\":\"" + NODE + "\",\"name\":\"../../etc/passwd\",\"memoryMiB\":32}",
                        "{\"host\":\"" + NODE + "\",\"name\":\"hv-" + i + "\",\"memoryMiB\":-" + (1 + r.nextInt(99)) + "}",
                        "{\"host\":\"" + NODE + "\",\"name\":\"hv-" + i + "\",\"memoryMiB\":\"lots\"}",
                        "{\"host\":\"" + NODE + "\",\"name\":\"" + "x".repeat(300) + "\",\"memoryMiB\":32}",
                        "{\"host\":\"" + NODE + "\",\"name\":\"hv-" + i + "\",\"memoryMiB\":32,\"vcpus\":0}")
                        .get(r.nextInt(5))).getBytes(StandardCharsets.UTF_8);
                case "other-host" -> job(id, NODE, "create", "{\"host\":\"host2\",\"name\":\"hv-" + i
                        + "\",\"memoryMiB\":32}").getBytes(StandardCharsets.UTF_8);
                case "oversized" -> {
                    byte[] b = new byte[Jobs.MAX_BYTES + 1 + r.nextInt(10_000)];
                    java.util.Arrays.fill(b, (byte) ' ');
                    yield b;
                }
                case "nested" -> ("{\"schema\":1,\"jobId\":\"" + id + "\",\"node\":\"" + NODE + "\",\"request\":"
                        + "[".repeat(5000) + "]".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
                case "truncated" -> good.substring(0, 1 + r.nextInt(good.length() - 2)).getBytes(StandardCharsets.UTF_8);
                case "bad-utf8" -> {
                    byte[] b = good.getBytes(StandardCharsets.UTF_8);
                    int at = good.indexOf("hv-");
                    b[at] = (byte) 0xC3;
                    b[at + 1] = (byte) 0x28;
                    yield b;
                }
                default -> throw new IllegalStateException(kind);
            };
            out.add(new Hostile(id, body, kind));
        }
        return out;
    }

    private static String job(String id, String node, String action, String params) {
        return "{\"schema\":1,\"jobId\":\"" + id + "\",\"node\":\"" + node + "\",\"request\":{\"schema\":1,\"action\":\""
                + action + "\",\"request\":" + params + "}}";
    }

    @Test
    void everyHostileMessageIsDeadLetteredWithItsReasonAndNothingHappens() throws Exception {
        Path dir = Files.createTempDirectory("iaas-hostile");
        try (LibvirtJavaDriver driver = LibvirtJavaDriver.open("test:///default")) {
            LibvirtHost host = LibvirtHost.builder(NODE, driver).domainType("test")
                    .store(DefinitionStore.open(dir.resolve("definitions"))).storage(dir.resolve("storage"))
                    .templates(dir.resolve("templates")).build();
            SqlJournal journal = SqlJournal.sqlite(dir.resolve("journal.db")).owner("agent-" + NODE).open();
            Engine engine = Engine.builder().workers(2).journal(journal).build();
            List<String> domainsBefore = driver.listDomains().stream().map(d -> d.name()).sorted().toList();
            String name = "it-hostile-" + ProcessHandle.current().pid();
            try (Connection admin = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                    Channel ch = admin.createChannel()) {
                Topology.declareShared(ch);
                ch.queueDeclare(Topology.jobQueue(NODE), true, false, false, Topology.jobQueueArguments());
                ch.queuePurge(Topology.jobQueue(NODE));
                ch.queuePurge(Topology.DEAD_LETTER_QUEUE);
            }
            HostAgent<LibvirtPlanContext> agent = HostAgent.builder(NODE, AgentRoundTripIT.factory("iaas-agent-" + NODE),
                    LibvirtRegistry.registry(), LibvirtPlanContext.of(new LibvirtActions(new ResourceModel()), host))
                    .engine(engine).journal(journal).build();
            agent.start();
            List<Hostile> hostile = generate(new Random(SEED), COUNT);
            try (Orchestrator o = Orchestrator.connect(name, AgentRoundTripIT.factory("iaas-orchestrator"))) {
                for (Hostile h : hostile) {
                    o.send(NODE, h.id(), h.body());
                }
                // And some without a job id or reply queue at all.
                try (Connection c = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                        Channel ch = c.createChannel()) {
                    for (int i = 0; i < 5; i++) {
                        ch.basicPublish("", Topology.jobQueue(NODE), new AMQP.BasicProperties.Builder()
                                .headers(Map.of("x-test-hostile", "anonymous-" + i)).build(),
                                ("anonymous " + i).getBytes(StandardCharsets.UTF_8));
                    }
                }
                Map<String, Jobs.Answer> answers = new LinkedHashMap<>();
                for (Hostile h : hostile) {
                    answers.put(h.id(), o.job(h.id()).orElseThrow().answer().get(60, TimeUnit.SECONDS));
                }
                // Still serving.
                Jobs.Answer ok = o.submit(NODE, CreateRequest.builder("hostile-after").host(NODE).memoryMiB(32).build())
                        .answer().get(60, TimeUnit.SECONDS);
                assertThat(ok.outcome()).as("%s", ok).isEqualTo(Jobs.Outcome.SUCCEEDED);
                assertThat(o.submit(NODE, new DeleteRequest(NODE, "hostile-after", true)).answer()
                        .get(60, TimeUnit.SECONDS).outcome()).isEqualTo(Jobs.Outcome.SUCCEEDED);

                Map<String, String> dead = new HashMap<>();
                int anonymous = 0;
                try (Connection c = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                        Channel ch = c.createChannel()) {
                    GetResponse g;
                    while ((g = ch.basicGet(Topology.DEAD_LETTER_QUEUE, true)) != null) {
                        Map<String, Object> hd = g.getProps().getHeaders();
                        assertThat(hd).containsKeys(Topology.REASON, Topology.REASON_CODE, Topology.REFUSED_BY);
                        assertThat(String.valueOf(hd.get(Topology.REASON))).isNotBlank();
                        if (hd.containsKey("x-test-hostile")) {
                            anonymous++;
                        } else if (g.getProps().getCorrelationId() != null) {
                            dead.put(g.getProps().getCorrelationId(), String.valueOf(hd.get(Topology.REASON_CODE)));
                        }
                    }
                }
                Map<String, Integer> byKind = new java.util.TreeMap<>();
                for (Hostile h : hostile) {
                    Jobs.Answer a = answers.get(h.id());
                    assertThat(a.outcome()).as("%s (%s): %s", h.id(), h.kind(), a).isEqualTo(Jobs.Outcome.REJECTED);
                    assertThat(a.failure().message()).as("%s (%s)", h.id(), h.kind()).isNotBlank();
                    assertThat(dead).as("dead letter of %s (%s)", h.id(), h.kind()).containsKey(h.id());
                    assertThat(dead.get(h.id())).isEqualTo(a.failure().category());
                    byKind.merge(h.kind(), 1, Integer::sum);
                }
                assertThat(anonymous).isEqualTo(5);
                assertThat(driver.listDomains().stream().map(d -> d.name()).sorted().toList()).isEqualTo(domainsBefore);
                assertThat(journal.list(10_000).stream().filter(e -> e.actionId().startsWith("hostile-" + SEED)))
                        .isEmpty();
                System.out.println("RELIABILITY hostile-agent-messages (seed " + SEED + "): messages="
                        + (hostile.size() + 5) + " dead-lettered-with-reason=" + (dead.size() + anonymous)
                        + " answered-rejected=" + answers.size() + " side-effects=0 kinds=" + byKind);
            } finally {
                agent.close();
                engine.close();
                journal.close();
                try (Connection admin = AgentRoundTripIT.factory("iaas-orchestrator").newConnection();
                        Channel ch = admin.createChannel()) {
                    ch.queueDelete(Topology.replyQueue(name));
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
