package org.iaasengine.examples.agent;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.iaasengine.agent.AgentMetrics;
import org.iaasengine.agent.AgentSettings;
import org.iaasengine.agent.HostAgent;
import org.iaasengine.agent.MetricsServer;
import org.iaasengine.core.Engine;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.actions.LibvirtPlanContext;
import org.iaasengine.libvirt.actions.LibvirtRegistry;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.ResourceModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host agent of one libvirt host, wired from its {@link AgentSettings}: the libvirt-java
 * driver, the host (and the peers it may migrate to), a {@link HostMonitor} that keeps the
 * agent's model true to the host (libvirt's events and periodic reconciles), the SQLite journal,
 * the engine, the Prometheus endpoint, and the {@link HostAgent} on the broker. {@link #close()}
 * stops it gracefully: running jobs get {@code stop.grace} to finish, the rest go back to the
 * queue, then everything is closed in reverse order.
 *
 * <pre>{@code
 * try (LibvirtAgent agent = LibvirtAgent.start(AgentSettings.load(file, System.getenv(), Map.of()))) {
 *     agent.awaitStop();
 * }
 * }</pre>
 */
public final class LibvirtAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtAgent.class);

    private final AgentSettings settings;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private HostAgent<LibvirtPlanContext> agent;
    private Engine engine;
    private MetricsServer metricsServer;
    private volatile boolean closed;

    private LibvirtAgent(AgentSettings settings) {
        this.settings = settings;
    }

    /** Opens everything and starts consuming jobs; on failure closes what it opened. */
    public static LibvirtAgent start(AgentSettings settings) throws Exception {
        InvalidInputException.check(settings.hypervisor() == AgentSettings.Hypervisor.LIBVIRT,
                "this agent drives libvirt hosts; hypervisor '%s' is not supported by `iaas agent` yet",
                settings.hypervisor());
        LibvirtAgent a = new LibvirtAgent(settings);
        try {
            a.open();
            return a;
        } catch (Exception | Error e) {
            a.close();
            throw e;
        }
    }

    private void open() throws Exception {
        String node = settings.node();
        Files.createDirectories(settings.stateDir());
        DefinitionStore store = DefinitionStore.open(settings.definitions());
        LibvirtJavaDriver driver = LibvirtJavaDriver.open(settings.uri());
        opened.add(driver);
        List<LibvirtHost> hosts = new ArrayList<>();
        hosts.add(host(node, driver, store, settings.uri()));
        for (Map.Entry<String, String> peer : settings.peers().entrySet()) {
            LibvirtJavaDriver d = LibvirtJavaDriver.open(peer.getValue());
            opened.add(d);
            hosts.add(host(peer.getKey(), d, store, peer.getValue()));
        }
        ResourceModel model = new ResourceModel();
        LibvirtActions actions = new LibvirtActions(model);
        // A VM owned by a job still running is never taken as stuck, however slow the job.
        HostMonitor monitor = HostMonitor.builder(hosts.get(0), model).ownerAlive(id -> engine != null
                && engine.active().stream().anyMatch(h -> h.id().equals(id))).build();
        opened.add(monitor);
        LibvirtPlanContext context = LibvirtPlanContext.of(actions, hosts.toArray(LibvirtHost[]::new))
                .withMonitor(monitor);
        SqlJournal journal = SqlJournal.sqlite(settings.journal()).owner("agent-" + node).open();
        opened.add(journal);
        engine = Engine.builder().workers(settings.workers()).journal(journal).build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AgentMetrics metrics = new AgentMetrics(registry, node);
        if (settings.metricsPort().isPresent()) {
            metricsServer = MetricsServer.start(settings.metricsBind(), settings.metricsPort().getAsInt(), registry);
            LOG.info("agent {}: metrics on http://{}:{}/metrics", node, settings.metricsBind(), metricsServer.port());
        }
        monitor.start();
        agent = HostAgent.builder(node, settings.brokerSettings().factory(), LibvirtRegistry.registry(), context)
                .engine(engine).journal(journal).model(model, monitor::initModel).hypervisorUri(settings.uri())
                .metrics(metrics).heartbeat(settings.heartbeat()).prefetch(settings.prefetch())
                .stopGrace(settings.stopGrace())
                .attributes(settings.group().map(g -> Map.of("group", g)).orElse(Map.of())).build();
        HostAgent<LibvirtPlanContext> sending = agent;
        // The monitor's named events (instance_started, fault_instance...) go to the orchestrators.
        monitor.addLifecycleListener(sending::publish);
        agent.start();
        LOG.info("agent {}: started on {} (broker {})", node, settings.uri(), settings.brokerSettings());
    }

    private LibvirtHost host(String name, LibvirtJavaDriver driver, DefinitionStore store, String uri) {
        return LibvirtHost.builder(name, driver)
                .domainType(uri.startsWith("test:") ? "test" : Files.isReadable(Path.of("/dev/kvm")) ? "kvm" : "qemu")
                .templates(settings.templates()).storage(settings.storage()).store(store).build();
    }

    /** The port of the Prometheus endpoint (-1 when there is none). */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** Waits until {@link #close()} has stopped the agent. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (agent != null) {
                agent.stop(settings.stopGrace());
            }
            if (engine != null) {
                engine.close(Duration.ofSeconds(10));
            }
            if (metricsServer != null) {
                metricsServer.close();
            }
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception e) {
                    LOG.warn("agent {}: closing {}: {}", settings.node(), opened.get(i), e.toString());
                }
            }
        } finally {
            stopped.countDown();
        }
    }
}
