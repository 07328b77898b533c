package org.iaasengine.examples.distributed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.iaasengine.agent.BrokerSettings;

/**
 * An {@code iaas agent} process of the tests, on the real broker over TLS: its settings file and
 * credentials file are written to its directory; its output goes to {@code agent.log} there.
 */
final class AgentProcess implements AutoCloseable {
    static final Path CA = Path.of("/var/tmp/iaas-engine/tls/ca.pem");
    static final String BROKER = "amqps://localhost:5671/iaas";

    final String node;
    final Path dir;
    final Path log;
    private final Path settings;
    private Process process;

    /**
     * @param shared state directory shared with the other agents (definitions: the store of a
     *               migrated VM is found on its new host, as with shared storage)
     */
    AgentProcess(String node, String uri, Map<String, String> peers, Path dir, Path shared, Path templates,
            Path storage) throws IOException {
        this.node = node;
        this.dir = Files.createDirectories(dir);
        this.log = dir.resolve("agent.log");
        Path credentials = dir.resolve("broker.credentials");
        Files.deleteIfExists(credentials);
        Files.createFile(credentials, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(credentials, "username=iaas-agent-" + node + "\npassword=iaas-agent-" + node + "\n");
        Properties p = new Properties();
        p.setProperty("node", node);
        p.setProperty("uri", uri);
        p.setProperty("broker", BROKER);
        p.setProperty("broker.credentials", credentials.toString());
        p.setProperty("broker.ca", CA.toString());
        p.setProperty("journal", dir.resolve("journal.db").toString());
        p.setProperty("state.dir", shared.toString());
        p.setProperty("templates", templates.toString());
        p.setProperty("storage", storage.toString());
        p.setProperty("heartbeat", "500ms");
        p.setProperty("metrics.port", "0");
        p.setProperty("stop.grace", "20s");
        if (!peers.isEmpty()) {
            List<String> l = new ArrayList<>();
            peers.forEach((k, v) -> l.add(k + "=" + v));
            p.setProperty("peers", String.join(",", l));
        }
        settings = dir.resolve("agent.properties");
        try (var w = Files.newBufferedWriter(settings, StandardCharsets.UTF_8)) {
            p.store(w, "agent " + node + " of the tests");
        }
    }

    /** The orchestrator's broker settings for the tests. */
    static BrokerSettings orchestratorBroker() {
        return BrokerSettings.withCredentials(BROKER, "iaas-orchestrator", "iaas-orchestrator", CA);
    }

    /** Starts the agent (a JVM on this test's class path). */
    AgentProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "org.iaasengine.examples.cli.IaasCli", "agent",
                "--settings", settings.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("IAAS_AGENT_"));
        process = pb.start();
        return this;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit code (or -1 if it did not exit within {@code wait}). */
    int terminate(Duration wait) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
