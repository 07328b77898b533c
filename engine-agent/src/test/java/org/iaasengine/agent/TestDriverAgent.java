package org.iaasengine.agent;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.iaasengine.core.Engine;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.actions.LibvirtPlanContext;
import org.iaasengine.libvirt.actions.LibvirtRegistry;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.ResourceModel;

/**
 * A host agent on its own in-process libvirt test driver (no daemon) whose node has the CPUs and
 * memory given (a test driver file with a {@code <node>} and no domain), with its own broker
 * user. {@link #stop()} stops the agent only (the host keeps its domains), {@link #start()}
 * starts a new agent on the same host, journal and model: an agent that comes back.
 */
final class TestDriverAgent implements AutoCloseable {
    final String node;
    final LibvirtJavaDriver driver;
    private final Path dir;
    private final ResourceModel model = new ResourceModel();
    private final LibvirtActions actions = new LibvirtActions(model);
    private final LibvirtHost host;
    private final HostMonitor monitor;
    private final SqlJournal journal;
    private final Engine engine;
    private final Map<String, String> attributes;
    private HostAgent<LibvirtPlanContext> agent;

    TestDriverAgent(String node, Path dir, int cpus, long memoryMiB, Map<String, String> attributes) throws Exception {
        this.node = node;
        this.dir = Files.createDirectories(dir);
        this.attributes = attributes;
        Path xml = dir.resolve("node.xml");
        // The test driver's own file format (not a domain XML): the node's CPUs and memory.
        Files.writeString(xml, "<node><cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
                + "<cores>" + cpus + "</cores><threads>1</threads><active>" + cpus + "</active></cpu><memory>"
                + memoryMiB * 1024 + "</memory></node>", StandardCharsets.UTF_8);
        driver = LibvirtJavaDriver.open("test://" + xml.toAbsolutePath());
        host = LibvirtHost.builder(node, driver).domainType("test").store(DefinitionStore.open(dir.resolve("definitions")))
                .storage(Files.createDirectories(dir.resolve("storage")))
                .templates(Files.createDirectories(dir.resolve("templates"))).build();
        monitor = HostMonitor.builder(host, model).build();
        journal = SqlJournal.sqlite(dir.resolve("journal.db")).owner("agent-" + node).open();
        engine = Engine.builder().workers(4).journal(journal).build();
    }

    TestDriverAgent start() throws Exception {
        agent = HostAgent.builder(node, AgentRoundTripIT.factory("iaas-agent-" + node), LibvirtRegistry.registry(),
                LibvirtPlanContext.of(actions, host)).engine(engine).journal(journal)
                .model(model, monitor::initModel).attributes(attributes).heartbeat(Duration.ofMillis(200))
                .stopGrace(Duration.ofSeconds(5)).build();
        agent.start();
        return this;
    }

    /** Stops the agent (it says goodbye: the orchestrator marks the node OFFLINE); the host keeps its domains. */
    void stop() {
        agent.stop(Duration.ofSeconds(5));
    }

    SqlJournal journal() {
        return journal;
    }

    /** The names of the domains the host has. */
    java.util.List<String> domains() {
        return driver.listDomains().stream().map(d -> d.name()).sorted().toList();
    }

    @Override
    public void close() throws Exception {
        if (agent != null) {
            agent.close();
        }
        // The test driver's domains live in this process only: closing the driver drops them.
        monitor.close();
        engine.close();
        journal.close();
        driver.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
