package org.iaasengine.examples.distributed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.agent.Jobs;
import org.iaasengine.examples.RealHosts;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.AttachNicRequest;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The distributed two-host example on the real parts: two {@code iaas agent} processes, one per
 * real libvirtd, over RabbitMQ with TLS and per-node users; the orchestrator is this (third)
 * process. Create on host 1, live-migrate to host 2, delete; the cluster model follows the hosts.
 */
class DistributedTwoHostsIT {
    private static final String PREFIX = "iaas-dist-";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private LibvirtJavaDriver d1;
    private LibvirtJavaDriver d2;
    private Path storage;
    private AgentProcess a1;
    private AgentProcess a2;

    @BeforeEach
    void setUp() throws Exception {
        d1 = LibvirtJavaDriver.open(RealHosts.HOST1);
        d2 = LibvirtJavaDriver.open(RealHosts.HOST2);
        storage = RealHosts.newStorage(PREFIX);
        Path shared = storage.resolve("state");
        a1 = new AgentProcess("host1", RealHosts.HOST1, Map.of("host2", RealHosts.HOST2), storage.resolve("agent1"),
                shared, RealHosts.TEMPLATES, storage).start();
        a2 = new AgentProcess("host2", RealHosts.HOST2, Map.of(), storage.resolve("agent2"), shared,
                RealHosts.TEMPLATES, storage).start();
    }

    @AfterEach
    void tearDown() throws Exception {
        a1.close();
        a2.close();
        // The agents' logs, for a failure's diagnosis (the surefire report keeps them).
        System.out.println("---- agent host1\n" + a1.output() + "---- agent host2\n" + a2.output());
        RealHosts.removeDomains(d1, PREFIX);
        RealHosts.removeDomains(d2, PREFIX);
        d1.close();
        d2.close();
        RealHosts.deleteTree(storage);
    }

    @Test
    void twoAgentsAndAnOrchestratorCreateMigrateAndDeleteAndTheClusterModelFollows() throws Exception {
        String name = PREFIX + "web";
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (DistributedTwoHosts d = new DistributedTwoHosts(AgentProcess.orchestratorBroker(), "host1", "host2",
                new PrintStream(printed, true, StandardCharsets.UTF_8))) {
            d.awaitNodes(WAIT);
            assertThat(d.orchestrator().cluster().snapshot().hosts()).containsKeys("host1", "host2");
            List<Jobs.InstanceEvent> named = new CopyOnWriteArrayList<>();
            d.orchestrator().addInstanceListener(e -> {
                if (e.vm().equals(name)) {
                    named.add(e);
                }
            });

            d.create(name, "base.qcow2");
            assertThat(d1.state(name).state()).isEqualTo(DomainState.RUNNING);
            awaitVm(d, name, "host1");

            d.migrate(name);
            assertThat(d1.lookup(name)).isEmpty();
            assertThat(d2.state(name).state()).isEqualTo(DomainState.RUNNING);
            awaitVm(d, name, "host2");
            // A NIC hot-plugged as a job: its result, vnic_created, is published by host2's agent.
            Jobs.Answer nic = d.orchestrator().submit("host2", new AttachNicRequest("host2", name,
                    "52:54:00:d1:57:02", "user")).answer().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(nic.outcome()).as("%s", nic).isEqualTo(Jobs.Outcome.SUCCEEDED);
            // The cluster model equals the hosts.
            assertThat(vmsOn(d, "host1")).containsExactlyElementsOf(RealHosts.domains(d1, PREFIX));
            assertThat(vmsOn(d, "host2")).containsExactlyElementsOf(RealHosts.domains(d2, PREFIX));

            d.delete(name);
            assertThat(d2.lookup(name)).isEmpty();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (d.orchestrator().cluster().snapshot().vm(name).isPresent() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(d.orchestrator().cluster().snapshot().vm(name)).isEmpty();
            // The agents' named events reached the orchestrator: host1's monitor saw the VM start,
            // host2's agent published the NIC job's result and its monitor saw the VM go.
            assertThat(await(() -> named.stream().anyMatch(e -> e.event().equals("instance_terminated")))).isTrue();
            assertThat(named).anySatisfy(e -> {
                assertThat(e.event()).isEqualTo("instance_started");
                assertThat(e.host()).isEqualTo("host1");
            }).anySatisfy(e -> {
                assertThat(e.event()).isEqualTo("vnic_created");
                assertThat(e.host()).isEqualTo("host2");
                assertThat(e.detail().get("mac").asText()).isEqualTo("52:54:00:d1:57:02");
            }).anySatisfy(e -> assertThat(e.host() + " " + e.event()).isEqualTo("host2 instance_terminated"));
        }
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("create on host1: SUCCEEDED", "migrate on host1: SUCCEEDED",
                "delete on host2: SUCCEEDED", "host1", "host2");

        // Each agent counts its jobs on its Prometheus endpoint.
        String metrics = scrape(a1);
        assertThat(metrics).containsPattern("iaas_agent_jobs_total\\{action=\"create\",node=\"host1\",outcome=\"SUCCEEDED\"\\} 1\\.0");
        assertThat(metrics).containsPattern("iaas_agent_jobs_total\\{action=\"migrate\",node=\"host1\",outcome=\"SUCCEEDED\"\\} 1\\.0");

        // SIGTERM stops each gracefully; one log line per job, with its id; no credentials logged.
        assertThat(a1.terminate(Duration.ofSeconds(40))).isNotEqualTo(-1);
        assertThat(a2.terminate(Duration.ofSeconds(40))).isNotEqualTo(-1);
        String log1 = a1.output();
        assertThat(log1).contains("agent host1: stopped");
        assertThat(Pattern.compile("agent host1: job \\S+ create SUCCEEDED").matcher(log1).results().count()).isEqualTo(1);
        assertThat(log1 + a2.output()).doesNotContain("password=iaas-agent").doesNotContain("iaas-agent-host1\",")
                .doesNotContainPattern("password[=:]\\s*iaas");
    }

    private static boolean await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    private static java.util.List<String> vmsOn(DistributedTwoHosts d, String host) {
        return d.orchestrator().cluster().snapshot().vmsOn(host).stream().map(Vm::name)
                .filter(n -> n.startsWith(PREFIX)).sorted().toList();
    }

    private static void awaitVm(DistributedTwoHosts d, String name, String host) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Vm v = d.orchestrator().cluster().snapshot().vm(name).orElse(null);
            if (v != null && host.equals(v.host()) && v.state() == VmState.RUNNING) {
                return;
            }
            Thread.sleep(20);
        }
        assertThat(d.orchestrator().cluster().snapshot().vm(name)).as("VM %s RUNNING on %s in the cluster model",
                name, host).hasValueSatisfying(v -> assertThat(v.host()).isEqualTo(host));
    }

    private static String scrape(AgentProcess a) throws Exception {
        Matcher m = Pattern.compile("metrics on port (\\d+)").matcher(a.output());
        assertThat(m.find()).as("the agent printed its metrics port:%n%s", a.output()).isTrue();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
