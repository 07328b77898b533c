package org.iaasengine.bench;

import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.iaasengine.agent.HostAgent;
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
 * The agents' JVM of the scale bench ({@code bench/scale.sh}): host agents {@code node-FIRST} ..
 * {@code node-(FIRST+COUNT-1)}, each with its own broker connection and user
 * ({@code iaas-agent-node-NNN}, from {@code scripts/rabbitmq-up.sh --nodes-count}), its own engine
 * and SQLite journal, and its own in-process libvirt test driver whose node has 64 CPUs and 64 GiB
 * and no domain. Prints {@code READY n} once every agent consumes its queue; stops them on SIGTERM.
 *
 * <pre>
 * java -cp ... org.iaasengine.bench.ScaleAgents FIRST COUNT DIR
 * </pre>
 */
public final class ScaleAgents {
    private ScaleAgents() {
    }

    private record One(LibvirtJavaDriver driver, HostMonitor monitor, SqlJournal journal, Engine engine,
            HostAgent<LibvirtPlanContext> agent) {
    }

    public static void main(String[] args) throws Exception {
        int first = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        Path xml = dir.resolve("node.xml");
        // The test driver's own file format: a node of 64 CPUs and 64 GiB, no domain.
        Files.writeString(xml, "<node><cpu><mhz>2000</mhz><model>x86_64</model><nodes>1</nodes><sockets>1</sockets>"
                + "<cores>64</cores><threads>1</threads><active>64</active></cpu><memory>67108864</memory></node>",
                StandardCharsets.UTF_8);
        List<One> agents = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop(agents);
            stopped.countDown();
        }, "scale-agents-stop"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> started = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            String node = String.format("node-%03d", i);
            started.add(pool.submit(() -> {
                agents.add(start(node, dir.resolve(node), xml));
                return null;
            }));
        }
        for (Future<?> f : started) {
            f.get();
        }
        pool.shutdown();
        System.out.println("READY " + agents.size());
        System.out.flush();
        stopped.await();
    }

    private static One start(String node, Path dir, Path xml) throws Exception {
        Files.createDirectories(dir);
        LibvirtJavaDriver driver = LibvirtJavaDriver.open("test://" + xml.toAbsolutePath());
        ResourceModel model = new ResourceModel();
        LibvirtActions actions = new LibvirtActions(model);
        LibvirtHost host = LibvirtHost.builder(node, driver).domainType("test")
                .store(DefinitionStore.open(dir.resolve("definitions")))
                .storage(Files.createDirectories(dir.resolve("storage")))
                .templates(Files.createDirectories(dir.resolve("templates"))).build();
        HostMonitor monitor = HostMonitor.builder(host, model).build();
        SqlJournal journal = SqlJournal.sqlite(dir.resolve("journal.db")).owner("agent-" + node).open();
        Engine engine = Engine.builder().workers(2).journal(journal).build();
        String user = "iaas-agent-" + node;
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setVirtualHost("iaas");
        f.setUsername(user);
        f.setPassword(user);
        f.setConnectionTimeout(30_000);
        f.setHandshakeTimeout(30_000);
        f.setRequestedHeartbeat(30);
        HostAgent<LibvirtPlanContext> agent = HostAgent.builder(node, f, LibvirtRegistry.registry(),
                LibvirtPlanContext.of(actions, host)).engine(engine).journal(journal)
                .model(model, monitor::initModel).hypervisorUri(driver.uri()).stopGrace(Duration.ofSeconds(10))
                .build();
        agent.start();
        return new One(driver, monitor, journal, engine, agent);
    }

    private static void stop(List<One> agents) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> stops = new ArrayList<>();
        for (One a : List.copyOf(agents)) {
            stops.add(pool.submit(() -> {
                a.agent().close();
                a.engine().close();
                a.journal().close();
                a.monitor().close();
                a.driver().close();
                return null;
            }));
        }
        for (Future<?> f : stops) {
            try {
                f.get();
            } catch (Exception e) {
                System.err.println("stopping an agent: " + e);
            }
        }
        pool.shutdown();
    }
}
