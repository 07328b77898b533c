package org.iaasengine.examples.distributed;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iaasengine.examples.cli.CliRunner;
import org.iaasengine.examples.cli.CliRunner.Result;
import org.iaasengine.examples.cli.DriverFactory;

/**
 * Two {@code iaas agent} processes on libvirt's test driver (each its own {@code test:///FILE}
 * host, no domain), nodes {@code h18w-a} and {@code h18w-b}, on the real broker with their own
 * users; and the CLI with {@code --broker} run in this process, as a script runs it.
 */
final class RemoteCluster implements AutoCloseable {
    static final String A = "h18w-a";
    static final String B = "h18w-b";

    final Path dir;
    final AgentProcess a;
    final AgentProcess b;
    private final Path credentials;
    private final String orchestrator;

    RemoteCluster(Path dir, String orchestrator) throws IOException {
        this.dir = dir;
        this.orchestrator = orchestrator;
        Path storage = Files.createDirectories(dir.resolve("storage"));
        Path templates = Files.createDirectories(dir.resolve("templates"));
        this.a = new AgentProcess(A, testHost(dir, A), Map.of(), dir.resolve("agent-a"), dir.resolve("state-a"),
                templates, storage);
        this.b = new AgentProcess(B, testHost(dir, B), Map.of(), dir.resolve("agent-b"), dir.resolve("state-b"),
                templates, storage);
        credentials = dir.resolve("orchestrator.credentials");
        Files.createFile(credentials, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(credentials, "username=iaas-orchestrator\npassword=iaas-orchestrator\n");
    }

    /**
     * A test-driver host of its own, without domains (test:///default has a domain "test" on every
     * host): 4 CPUs and 4 GiB (libvirt's test-driver node file format).
     */
    static String testHost(Path dir, String node) throws IOException {
        Path f = dir.resolve(node + ".xml");
        Files.writeString(f, "<node><cpu><mhz>2000</mhz><model>test</model><active>4</active><nodes>1</nodes>"
                + "<sockets>1</sockets><cores>4</cores><threads>1</threads></cpu><memory>4194304</memory></node>");
        return "test://" + f.toAbsolutePath();
    }

    RemoteCluster start() throws IOException, InterruptedException {
        a.start();
        b.start();
        awaitStarted(a, 1);
        awaitStarted(b, 1);
        return this;
    }

    /** Polls the agent's log (within a minute: the JVMs share two cores with the build) for its start. */
    static void awaitStarted(AgentProcess p, int times) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        String line = "agent " + p.node + ": started on";
        while (p.output().split(java.util.regex.Pattern.quote(line), -1).length - 1 < times) {
            if (!p.alive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("agent " + p.node + " did not start:\n" + p.output());
            }
            Thread.sleep(50);
        }
    }

    /** The CLI's options for the broker, before the command. */
    List<String> brokerOptions() {
        return List.of("--broker", AgentProcess.BROKER, "--broker-credentials", credentials.toString(), "--broker-ca",
                AgentProcess.CA.toString(), "--orchestrator", orchestrator, "--state-dir", dir.resolve("cli").toString(),
                "--timeout", "60s");
    }

    /** {@code iaas --broker ... args}. */
    Result remote(String... args) {
        List<String> all = new ArrayList<>(brokerOptions());
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    static Result run(String... args) {
        return CliRunner.invoke(DriverFactory.DEFAULT, args);
    }

    /** Deletes this CLI's reply queue and the agents' queues (after the agents stopped). */
    void removeQueues() throws Exception {
        try (Connection c = AgentProcess.orchestratorBroker().factory().newConnection("h18w-cleanup");
                Channel ch = c.createChannel()) {
            ch.queueDelete("iaas-results." + orchestrator);
            for (String n : List.of(A, B)) {
                ch.queueDelete("hva-handle." + n);
                ch.queueDelete("hva-control." + n);
            }
        }
    }

    @Override
    public void close() throws Exception {
        a.close();
        b.close();
        System.out.println("---- agent a\n" + a.output() + "---- agent b\n" + b.output());
        removeQueues();
    }
}
