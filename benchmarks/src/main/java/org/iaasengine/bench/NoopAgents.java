package org.iaasengine.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.iaasengine.agent.HostAgent;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.agent.Topology;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRegistry;
import org.iaasengine.request.ActionRequest;

/**
 * Scenario 8's side of ours: host agents in this JVM whose only action is {@code noop} (one step
 * that does nothing, journaled like any step with effects), each with its own broker connection,
 * its own engine (the agent's default 8 workers) and its own SQLite journal file; the broker is
 * the RabbitMQ of {@code scripts/rabbitmq-up.sh} (plain AMQP on 127.0.0.1:5672, vhost
 * {@code iaas}). A {@link Probe} notes, per job id, when the agent's engine started the run, when
 * the no-op step ran and when the run's outcome was in the journal, so the round trip can be split.
 */
final class NoopAgents implements AutoCloseable {
    /** The broker user of the orchestrator and of the bench's agents (it may do everything on vhost iaas). */
    static final String USER = "iaas-orchestrator";

    /** The no-op job's request: an action on the agent's own host that does nothing. */
    public record NoopRequest(String host) implements ActionRequest {
        @Override
        public String action() {
            return "noop";
        }

        @Override
        public ResourceKey resource() {
            return ResourceKey.host(host);
        }
    }

    /** When (System.nanoTime) each job's run started, ran its step and finished, by job id. */
    static final class Probe {
        final Map<String, long[]> times = new ConcurrentHashMap<>();
        volatile boolean on;

        void mark(String jobId, int which) {
            if (on) {
                times.computeIfAbsent(jobId, k -> new long[3])[which] = System.nanoTime();
            }
        }

        /** [engine run started, no-op step ran, outcome committed], or null. */
        long[] take(String jobId) {
            return times.remove(jobId);
        }
    }

    static ActionRegistry<Probe> registry() {
        return ActionRegistry.<Probe>builder().register("noop", NoopRequest.class, NoopAgents::plan).build();
    }

    static Action<Object> plan(Probe probe, NoopRequest r) {
        return Action.builder("noop", r.resource().toString()).request(r)
                .step(Command.named("noop", ctx -> {
                    probe.mark(ctx.actionId(), 1);
                    return Boolean.TRUE;
                })).build();
    }

    static ConnectionFactory factory() {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setVirtualHost("iaas");
        f.setUsername(USER);
        f.setPassword(USER);
        f.setConnectionTimeout(10_000);
        f.setHandshakeTimeout(10_000);
        f.setRequestedHeartbeat(10);
        return f;
    }

    /** The bench's node names, {@code bench-001} .. */
    static List<String> nodes(int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(String.format("bench-%03d", i));
        }
        return out;
    }

    private record One(String node, SqlJournal journal, Engine engine, HostAgent<Probe> agent) {
    }

    private final List<One> agents = new ArrayList<>();

    private NoopAgents() {
    }

    /**
     * Starts one agent per node, journals {@code <dir>/<node>.db} (created on first use, reused
     * after) with {@code sync}; returns when every agent consumes its queue.
     */
    static NoopAgents start(List<String> nodes, Path dir, SqlJournal.Synchronous sync, Probe probe) throws Exception {
        NoopAgents fleet = new NoopAgents();
        ConnectionFactory factory = factory();
        ActionRegistry<Probe> registry = registry();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<One>> started = new ArrayList<>();
            for (String node : nodes) {
                started.add(pool.submit(() -> {
                    SqlJournal journal = SqlJournal.sqlite(dir.resolve(node + ".db")).owner("bench-agent-" + node)
                            .synchronous(sync).open();
                    Engine engine = Engine.builder().workers(8).journal(journal).build();
                    engine.addListener(e -> {
                        if (e instanceof EngineEvent.ActionStarted s) {
                            probe.mark(s.actionId(), 0);
                        } else if (e instanceof EngineEvent.ActionSucceeded s) {
                            probe.mark(s.actionId(), 2);
                        }
                    });
                    HostAgent<Probe> agent = HostAgent.builder(node, factory, registry, probe).engine(engine)
                            .journal(journal).hypervisorUri("test:///default").stopGrace(Duration.ofSeconds(20))
                            .build();
                    agent.start();
                    return new One(node, journal, engine, agent);
                }));
            }
            Exception failed = null;
            for (Future<One> f : started) {
                try {
                    fleet.agents.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed = failed == null ? new IllegalStateException("an agent did not start", e.getCause()) : failed;
                }
            }
            if (failed != null) {
                fleet.close();
                throw failed;
            }
        } finally {
            pool.shutdown();
        }
        return fleet;
    }

    int size() {
        return agents.size();
    }

    /** Stops the agents (in parallel), then their engines and journals. */
    @Override
    public void close() {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> stops = new ArrayList<>();
            for (One a : agents) {
                stops.add(pool.submit(() -> {
                    a.agent().close();
                    a.engine().close();
                    a.journal().close();
                }));
            }
            for (Future<?> f : stops) {
                try {
                    f.get();
                } catch (Exception e) {
                    Bench.log("stopping an agent: %s", e);
                }
            }
        } finally {
            pool.shutdown();
            agents.clear();
        }
    }

    /**
     * Deletes what the bench made on the broker: each node's job and control queues and the
     * orchestrator's reply queue (its event queue is exclusive: it went with its connection).
     */
    static void deleteQueues(List<String> nodes, String orchestrator) throws IOException {
        List<String> names = new ArrayList<>();
        for (String n : nodes) {
            names.add(HostAgent.queue(n));
            names.add(Topology.controlQueue(n));
        }
        names.add(Orchestrator.replyQueue(orchestrator));
        try (Connection c = factory().newConnection("iaas-bench-cleanup")) {
            Channel ch = c.createChannel();
            for (String q : names) {
                try {
                    ch.queueDelete(q);
                } catch (IOException e) {
                    // Some brokers answer 404 for a queue that is not there; that closes the channel.
                    ch = c.createChannel();
                }
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the broker did not answer", e);
        }
    }

    /** Deletes a directory of journal files. */
    static void deleteJournals(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            Bench.deleteTree(dir);
        }
    }
}
