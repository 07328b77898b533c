package org.iaasengine.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.journal.SqlJournal;

/**
 * Scenario 8: a no-op job through the host agents (submit to answer) against the same request and
 * answer over OpenStack's oslo.messaging RPC ({@code bench/peers/oslo_rpc.py}, Debian's
 * python3-oslo.messaging) on the same RabbitMQ, in one run.
 *
 * <ul>
 * <li>8a, round trip: one agent and one orchestrator in this JVM, serial submit then wait for the
 * answer ({@code iaas.bench.agent.warmup} not counted, then {@code iaas.bench.agent.calls}); the
 * peer makes as many serial {@code call}s to one RPC server. A sample is a round's p50. Its floor
 * row: the same serial request and answer in raw AMQP on this broker, without agent, engine or
 * journal, over quorum queues with persistent messages and confirms (the agents' way), over a
 * quorum job queue with a transient answer on a classic queue, and over classic queues with
 * transient messages and no confirms (oslo.messaging's way).</li>
 * <li>8b, throughput: {@code iaas.bench.agent.count} agents in this JVM (each its own connection,
 * engine and SQLite journal file), one orchestrator, {@code iaas.bench.agent.clients} client
 * threads each submitting a job and waiting for its answer, round-robin over the nodes, until
 * {@code iaas.bench.agent.jobs} jobs are answered; the peer runs as many RPC servers in one process
 * (threading executor, one worker each) and as many client threads making as many calls. A sample
 * is a round's wall time per job (the inverse of its rate).</li>
 * </ul>
 *
 * Ours with the journal at synchronous FULL (the agent's default) and at NORMAL, and the peer,
 * take turns round by round in a rotating order. The broker is shared with other engineers'
 * tests: while {@code /var/tmp/iaas-engine/broker-busy} exists nothing runs; if it appears during
 * the run, every figure is dropped and the run is redone. Queues and journals are deleted at the end.
 */
public final class AgentRoundTripScenario {
    static final Path BUSY = Path.of("/var/tmp/iaas-engine/broker-busy");
    static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to measure (system properties {@code iaas.bench.agent.*}). */
    record Settings(int calls, int warmup, int agents, int jobs, int clients, int reps) {
        static Settings of(int reps) {
            return new Settings(Integer.getInteger("iaas.bench.agent.calls", 2000),
                    Integer.getInteger("iaas.bench.agent.warmup", 200),
                    Integer.getInteger("iaas.bench.agent.count", 100),
                    Integer.getInteger("iaas.bench.agent.jobs", 20_000),
                    Integer.getInteger("iaas.bench.agent.clients", 100), Math.max(1, reps));
        }
    }

    /** The broker was (or may have been) stopped during the run: its figures are not kept. */
    static final class BrokerBusyException extends RuntimeException {
        BrokerBusyException() {
            super(BUSY + " appeared during the run");
        }
    }

    /** Notes whether {@link #BUSY} existed at any moment while it ran. */
    static final class Watch implements AutoCloseable {
        volatile boolean seen;
        private final Thread thread;

        Watch() {
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (Files.exists(BUSY)) {
                        seen = true;
                    }
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "broker-busy-watch");
            thread.setDaemon(true);
            thread.start();
        }

        void check() {
            if (seen) {
                throw new BrokerBusyException();
            }
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** CPU time of processes, from /proc (Linux), in clock ticks of 1/100 s. */
    static final class Cpu {
        static final double HZ = 100;

        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        /** The broker's Erlang VM, or -1. */
        static long beam() {
            try (var dirs = Files.list(Path.of("/proc"))) {
                for (Path d : dirs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    try {
                        if (Files.readString(d.resolve("comm")).trim().equals("beam.smp")) {
                            return Long.parseLong(d.getFileName().toString());
                        }
                    } catch (IOException ignored) {
                        // gone meanwhile
                    }
                }
            } catch (IOException e) {
                return -1;
            }
            return -1;
        }
    }

    /** Our side of 8a in one journal mode: per-round p50s, every call, and the parts of each call. */
    static final class Latency {
        final Samples p50 = new Samples("us");
        final List<Double> all = new ArrayList<>();
        /** submit to confirm; submit to the engine's start; start to step; step to outcome; outcome to answer. */
        final List<List<Double>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>());
    }

    /**
     * A side of 8b: per-round wall time per job, the round trip of each job under that load, and
     * the CPU time per job of the side's own process (this JVM, or the python3 peer) and of the broker.
     */
    static final class Throughput {
        final Samples perJob = new Samples("us/job");
        final List<Double> roundTrips = new ArrayList<>();
        final List<Double> cpuOwn = new ArrayList<>();
        final List<Double> cpuBroker = new ArrayList<>();

        void cpu(long ownTicks, long brokerTicks, int jobs) {
            if (ownTicks >= 0) {
                cpuOwn.add(ownTicks / Cpu.HZ * 1e6 / jobs);
            }
            if (brokerTicks >= 0) {
                cpuBroker.add(brokerTicks / Cpu.HZ * 1e6 / jobs);
            }
        }
    }

    private final Settings s;
    private final Path peers;
    private final Watch watch;
    private final List<String> nodes;
    private final String orchestrator = "bench-orch-" + ProcessHandle.current().pid();
    private final String floorJobs = "bench-floor-jobs-" + ProcessHandle.current().pid();
    private final String floorAnswers = "bench-floor-answers-" + ProcessHandle.current().pid();

    private AgentRoundTripScenario(Settings s, Path peers, Watch watch) {
        this.s = s;
        this.peers = peers;
        this.watch = watch;
        this.nodes = NoopAgents.nodes(s.agents());
    }

    /** Runs scenario 8 (up to 3 attempts when another engineer's test restarts the broker meanwhile). */
    public static List<Row> run(BenchContext ctx, Path peers) throws Exception {
        Settings s = Settings.of(ctx.reps());
        for (int attempt = 1; ; attempt++) {
            awaitBrokerFree();
            Watch watch = new Watch();
            try {
                List<Row> rows = new AgentRoundTripScenario(s, peers, watch).measure();
                watch.check();
                if (attempt > 1) {
                    Bench.log("scenario 8: attempt %d went through undisturbed", attempt);
                }
                return rows;
            } catch (Exception e) {
                if (!watch.seen && !Files.exists(BUSY)) {
                    throw e; // not the broker's restart: a real failure
                }
                if (attempt >= 3) {
                    throw new IllegalStateException("scenario 8: the broker was restarted during 3 attempts", e);
                }
                Bench.log("scenario 8: %s appeared during attempt %d (%s); every figure of it is discarded and the"
                        + " run redone", BUSY, attempt, e);
            } finally {
                watch.close();
            }
        }
    }

    /** Waits (polling every 20 s) while another engineer's test holds the broker. */
    static void awaitBrokerFree() throws InterruptedException {
        boolean said = false;
        while (Files.exists(BUSY)) {
            if (!said) {
                Bench.log("scenario 8: %s exists (the broker is being stopped and restarted): waiting", BUSY);
                said = true;
            }
            Thread.sleep(20_000);
        }
        if (said) {
            Bench.log("scenario 8: the broker is free again");
        }
    }

    private List<Row> measure() throws Exception {
        Path base = Files.createDirectories(Path.of("/var/tmp/iaas-engine"));
        Path dir = Files.createTempDirectory(base, "bench-agent-");
        Path full = Files.createDirectories(dir.resolve("full"));
        Path normal = Files.createDirectories(dir.resolve("normal"));
        NoopAgents.deleteQueues(nodes, orchestrator); // what an interrupted run left
        try {
            Latency latFull = new Latency();
            Latency latNormal = new Latency();
            Samples peerP50 = new Samples("us");
            List<JsonNode> peerLat = new ArrayList<>();
            Samples floorQuorum = new Samples("us");
            Samples floorMixed = new Samples("us");
            Samples floorClassic = new Samples("us");
            Bench.log("scenario 8a: warming up (1 agent, 1000 no-op jobs, not counted)");
            oursLatency(SqlJournal.Synchronous.FULL, full, 1000, 0, null, "warm-l");
            for (int r = 0; r < s.reps(); r++) {
                int round = r;
                Bench.Round[] sides = {
                    () -> oursLatency(SqlJournal.Synchronous.FULL, full, s.warmup(), s.calls(), latFull, "l" + round + "f"),
                    () -> oursLatency(SqlJournal.Synchronous.NORMAL, normal, s.warmup(), s.calls(), latNormal,
                            "l" + round + "n"),
                    () -> {
                        JsonNode j = peer(new long[1], "--mode", "latency", "--calls", String.valueOf(s.calls()), "--warmup",
                                String.valueOf(s.warmup()));
                        peerLat.add(j);
                        peerP50.add(j.get("p50_us").asDouble());
                    },
                    () -> {
                        floorQuorum.add(floor(true, true));
                        floorMixed.add(floor(true, false));
                        floorClassic.add(floor(false, false));
                    },
                };
                for (int k = 0; k < sides.length; k++) {
                    sides[(r + k) % sides.length].run();
                    watch.check();
                }
                Bench.log("scenario 8a round %d/%d: p50 FULL %.0f us, NORMAL %.0f us, oslo.messaging %.0f us", r + 1,
                        s.reps(), last(latFull.p50), last(latNormal.p50), last(peerP50));
            }
            Bench.log("scenario 8b: warming up (%d agents, %d no-op jobs, not counted)", s.agents(), 10_000);
            oursThroughput(SqlJournal.Synchronous.FULL, full, null, "warm-t", 10_000);
            Throughput tpFull = new Throughput();
            Throughput tpNormal = new Throughput();
            Throughput tpPeer = new Throughput();
            List<JsonNode> peerTp = new ArrayList<>();
            for (int r = 0; r < s.reps(); r++) {
                int round = r;
                Bench.Round[] sides = {
                    () -> oursThroughput(SqlJournal.Synchronous.FULL, full, tpFull, "t" + round + "f", s.jobs()),
                    () -> oursThroughput(SqlJournal.Synchronous.NORMAL, normal, tpNormal, "t" + round + "n", s.jobs()),
                    () -> {
                        long beam = Cpu.beam();
                        long b0 = Cpu.ticks(beam);
                        long[] own = {-1};
                        JsonNode j = peer(own, "--mode", "throughput", "--servers", String.valueOf(s.agents()),
                                "--calls", String.valueOf(s.jobs()), "--clients", String.valueOf(s.clients()),
                                "--executor-threads", "1");
                        long b1 = Cpu.ticks(beam);
                        peerTp.add(j);
                        tpPeer.perJob.add(1e6 * j.get("seconds").asDouble() / j.get("calls").asDouble());
                        tpPeer.cpu(own[0], b0 < 0 || b1 < 0 ? -1 : b1 - b0, s.jobs() + s.agents());
                    },
                };
                for (int k = 0; k < sides.length; k++) {
                    sides[(r + k) % sides.length].run();
                    watch.check();
                }
                Bench.log("scenario 8b round %d/%d: FULL %.0f jobs/s, NORMAL %.0f jobs/s, oslo.messaging %.0f calls/s",
                        r + 1, s.reps(), 1e6 / last(tpFull.perJob), 1e6 / last(tpNormal.perJob),
                        1e6 / last(tpPeer.perJob));
            }
            List<Row> rows = rows(latFull, latNormal, peerP50, peerLat, tpFull, tpNormal, tpPeer, peerTp);
            rows.add(2, Row.info("8a floor: the broker alone, serial request and answer in raw AMQP (no agent, engine,"
                    + " journal)", "quorum queues, persistent, confirmed", floorQuorum,
                    "classic queues, transient, no confirm", floorClassic, String.format("the agents' broker path"
                            + " (left) against oslo.messaging's kind of queues (right); a quorum job queue with a"
                            + " transient answer on a classic queue: p50 %s us (median of rounds); sample = p50 of a"
                            + " round of %d (after %d not counted)", Samples.num(floorMixed.median()), s.calls(),
                            s.warmup())));
            return rows;
        } finally {
            try {
                deleteFloorQueues();
            } catch (IOException | RuntimeException e) {
                Bench.log("scenario 8: could not delete the floor's queues: %s", e);
            }
            try {
                NoopAgents.deleteQueues(nodes, orchestrator);
            } catch (IOException | RuntimeException e) {
                Bench.log("scenario 8: could not delete the bench's queues: %s", e);
            }
            NoopAgents.deleteJournals(dir);
        }
    }

    private static double last(Samples x) {
        List<Double> v = x.values();
        return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }

    // ------------------------------------------------------------------ ours

    private void oursLatency(SqlJournal.Synchronous sync, Path dir, int warmup, int calls, Latency into, String tag)
            throws Exception {
        NoopAgents.Probe probe = new NoopAgents.Probe();
        String node = nodes.get(0);
        NoopAgents.NoopRequest request = new NoopAgents.NoopRequest(node);
        double[] lat = new double[calls];
        try (NoopAgents agents = NoopAgents.start(List.of(node), dir, sync, probe);
                Orchestrator o = Orchestrator.connect(orchestrator, NoopAgents.factory())) {
            for (int i = 0; i < warmup + calls; i++) {
                String id = tag + "-" + i;
                boolean counted = i >= warmup;
                probe.on = counted;
                long t0 = System.nanoTime();
                Orchestrator.JobHandle h = o.submit(node, id, request);
                long t1 = System.nanoTime();
                Jobs.Answer a = h.answer().get(30, TimeUnit.SECONDS);
                long t2 = System.nanoTime();
                check(a, id, node);
                long[] p = probe.take(id);
                if (counted) {
                    lat[i - warmup] = (t2 - t0) / 1e3;
                    if (p != null && p[0] != 0 && p[1] != 0 && p[2] != 0) {
                        into.parts.get(0).add((t1 - t0) / 1e3);
                        into.parts.get(1).add((p[0] - t0) / 1e3);
                        into.parts.get(2).add((p[1] - p[0]) / 1e3);
                        into.parts.get(3).add((p[2] - p[1]) / 1e3);
                        into.parts.get(4).add((t2 - p[2]) / 1e3);
                    }
                }
            }
        }
        if (into != null && calls > 0) {
            Arrays.sort(lat);
            into.p50.add(percentile(lat, 50));
            for (double v : lat) {
                into.all.add(v);
            }
        }
    }

    private void oursThroughput(SqlJournal.Synchronous sync, Path dir, Throughput into, String tag, int jobs)
            throws Exception {
        Bench.log("scenario 8b: starting %d agents (journal %s)", s.agents(), sync);
        long t0 = System.nanoTime();
        try (NoopAgents agents = NoopAgents.start(nodes, dir, sync, new NoopAgents.Probe());
                Orchestrator o = Orchestrator.connect(orchestrator, NoopAgents.factory())) {
            Bench.log("scenario 8b: %d agents up in %.1f s", agents.size(), (System.nanoTime() - t0) / 1e9);
            drive(o, Math.max(1000, 2 * nodes.size()), tag + "w"); // warm-up, not counted
            double[] rt = new double[jobs];
            long beam = Cpu.beam();
            long self = ProcessHandle.current().pid();
            long j0 = Cpu.ticks(self);
            long b0 = Cpu.ticks(beam);
            long start = System.nanoTime();
            drive(o, jobs, tag, rt);
            double seconds = (System.nanoTime() - start) / 1e9;
            long j1 = Cpu.ticks(self);
            long b1 = Cpu.ticks(beam);
            if (into != null) {
                into.perJob.add(1e6 * seconds / jobs);
                for (double v : rt) {
                    into.roundTrips.add(v);
                }
                into.cpu(j0 < 0 || j1 < 0 ? -1 : j1 - j0, b0 < 0 || b1 < 0 ? -1 : b1 - b0, jobs);
            }
        }
    }

    private void drive(Orchestrator o, int jobs, String tag) throws Exception {
        drive(o, jobs, tag, null);
    }

    /** {@code clients} threads, each submitting a job and waiting for its answer, until {@code jobs} are answered. */
    private void drive(Orchestrator o, int jobs, String tag, double[] roundTrips) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(s.clients());
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < s.clients(); c++) {
                running.add(clients.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < jobs) {
                        String node = nodes.get(i % nodes.size());
                        String id = tag + "-" + i;
                        long t0 = System.nanoTime();
                        Jobs.Answer a = o.submit(node, id, new NoopAgents.NoopRequest(node)).answer()
                                .get(60, TimeUnit.SECONDS);
                        if (roundTrips != null) {
                            roundTrips[i] = (System.nanoTime() - t0) / 1e3;
                        }
                        check(a, id, node);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
    }

    private static void check(Jobs.Answer a, String id, String node) {
        if (a.outcome() != Jobs.Outcome.SUCCEEDED || a.fromJournal() || !id.equals(a.jobId()) || !node.equals(a.node())) {
            throw new IllegalStateException("unexpected answer to job " + id + " on " + node + ": " + a);
        }
    }

    // ------------------------------------------------------------------ the broker's floor

    /**
     * The p50 in us of {@code s.calls()} serial request-and-answer exchanges in raw AMQP (after
     * {@code s.warmup()}): a requester publishes a job-sized body to a job queue and waits for the
     * answer on an answer queue; a responder (its own connection, like an agent) answers each job
     * and acknowledges it. A quorum queue's message is persistent and its publisher waits for the
     * confirm (as Orchestrator.submit and the agent's answer do); a classic queue's message is
     * transient and not confirmed (as oslo.messaging's).
     */
    private double floor(boolean quorumJobs, boolean quorumAnswers) throws Exception {
        byte[] body = ("{\"schema\":1,\"jobId\":\"floor-000000\",\"node\":\"bench-001\",\"request\":{\"schema\":1,"
                + "\"action\":\"noop\",\"request\":{\"host\":\"bench-001\"}}}").getBytes(StandardCharsets.UTF_8);
        double[] lat = new double[s.calls()];
        try (Connection req = NoopAgents.factory().newConnection("iaas-bench-floor-requester");
                Connection rsp = NoopAgents.factory().newConnection("iaas-bench-floor-responder")) {
            Channel jobs = req.createChannel();
            Channel answers = rsp.createChannel();
            declareFloor(jobs, floorJobs, quorumJobs);
            declareFloor(jobs, floorAnswers, quorumAnswers);
            if (quorumJobs) {
                jobs.confirmSelect();
            }
            if (quorumAnswers) {
                answers.confirmSelect();
            }
            answers.basicQos(16);
            answers.basicConsume(floorJobs, false, (tag, d) -> {
                answers.basicPublish("", floorAnswers, props(quorumAnswers, d.getProperties().getCorrelationId()),
                        d.getBody());
                if (quorumAnswers) {
                    try {
                        answers.waitForConfirmsOrDie(10_000);
                    } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                        throw new IOException(e);
                    }
                }
                answers.basicAck(d.getEnvelope().getDeliveryTag(), false);
            }, tag -> { });
            Channel replies = req.createChannel();
            BlockingQueue<Long> got = new LinkedBlockingQueue<>();
            replies.basicConsume(floorAnswers, true, (tag, d) -> got.add(System.nanoTime()), tag -> { });
            for (int i = 0; i < s.warmup() + s.calls(); i++) {
                long t0 = System.nanoTime();
                jobs.basicPublish("", floorJobs, props(quorumJobs, "floor-" + i), body);
                if (quorumJobs) {
                    jobs.waitForConfirmsOrDie(10_000);
                }
                Long t1 = got.poll(10, TimeUnit.SECONDS);
                if (t1 == null) {
                    throw new IllegalStateException("no answer within 10 s in the broker's floor");
                }
                if (i >= s.warmup()) {
                    lat[i - s.warmup()] = (t1 - t0) / 1e3;
                }
            }
        } finally {
            deleteFloorQueues();
        }
        Arrays.sort(lat);
        return percentile(lat, 50);
    }

    private static AMQP.BasicProperties props(boolean persistent, String correlationId) {
        return new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(persistent ? 2 : 1)
                .correlationId(correlationId).build();
    }

    private static void declareFloor(Channel ch, String queue, boolean quorum) throws IOException {
        ch.queueDelete(queue);
        if (quorum) {
            ch.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum"));
        } else {
            ch.queueDeclare(queue, false, false, false, Map.of());
        }
    }

    private void deleteFloorQueues() throws IOException {
        try (Connection c = NoopAgents.factory().newConnection("iaas-bench-cleanup")) {
            Channel ch = c.createChannel();
            ch.queueDelete(floorJobs);
            ch.queueDelete(floorAnswers);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the broker did not answer", e);
        }
    }

    // ------------------------------------------------------------------ the peer

    /**
     * Runs {@code oslo_rpc.py args} and returns the JSON line it prints (its log goes to a temp
     * file); {@code cpu[0]} gets the CPU ticks the process used (its last reading before it ended).
     */
    private JsonNode peer(long[] cpu, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON, peers.resolve("oslo_rpc.py").toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("iaas-bench-oslo-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log.toFile());
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            Thread sampler = new Thread(() -> {
                while (p.isAlive()) {
                    long t = Cpu.ticks(p.pid());
                    if (t >= 0) {
                        cpu[0] = t;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "peer-cpu");
            sampler.setDaemon(true);
            sampler.start();
            String json = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("{")) {
                        json = line;
                    }
                }
            }
            if (!p.waitFor(15, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(cmd + " did not finish in 15 minutes");
            }
            if (p.exitValue() != 0 || json == null) {
                List<String> lines = Files.readAllLines(log);
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                throw new IllegalStateException(cmd + " failed (exit " + p.exitValue() + "):\n" + tail);
            }
            return JSON.readTree(json);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    // ------------------------------------------------------------------ the rows

    private List<Row> rows(Latency latFull, Latency latNormal, Samples peerP50, List<JsonNode> peerLat,
            Throughput tpFull, Throughput tpNormal, Throughput tpPeer, List<JsonNode> peerTp) {
        String peerLatNote = String.format("oslo.messaging per round: p99 %s us, min %s us, max %s us",
                peerField(peerLat, "p99_us"), peerField(peerLat, "min_us"), peerField(peerLat, "max_us"));
        double target = 1000;
        List<Row> rows = new ArrayList<>();
        String verdict = latFull.p50.median() <= target ? "met" : "MISSED";
        rows.add(Row.info("8a no-op job round trip, serial, 1 agent, SQLite FULL; target p50 <= 1 ms: " + verdict,
                "HostAgent+Orchestrator", latFull.p50, "oslo.messaging call", peerP50,
                "sample = p50 of a round of " + s.calls() + " serial jobs (after " + s.warmup() + " not counted); "
                        + "target p50 at most 1000 us (absolute): " + verdict + "; " + latencyNote(latFull) + "; "
                        + peerLatNote));
        rows.add(Row.info("8a no-op job round trip, serial, 1 agent, SQLite NORMAL", "HostAgent+Orchestrator",
                latNormal.p50, "oslo.messaging call", peerP50, latencyNote(latNormal)));
        String how = s.agents() + " agents, " + s.clients() + " client threads each waiting for its job's answer before"
                + " the next, " + s.jobs() + " jobs per round round-robin over the nodes (after a warm-up of "
                + Math.max(1000, 2 * nodes.size()) + " not counted); peer: " + s.agents()
                + " RPC servers (threading executor, 1 worker each) and " + s.clients()
                + " client threads in one python3 process, " + s.jobs() + " calls";
        rows.add(new Row("8b no-op job throughput, " + s.agents() + " agents, SQLite FULL (us per job = 1/rate)",
                s.agents() + " HostAgents", tpFull.perJob, "oslo.messaging", tpPeer.perJob, 3,
                "target: at least 3x oslo.messaging's rate (ratio >= 3); " + rates(tpFull, tpPeer, peerTp) + "; " + how));
        rows.add(Row.info("8b no-op job throughput, " + s.agents() + " agents, SQLite NORMAL (us per job = 1/rate)",
                s.agents() + " HostAgents", tpNormal.perJob, "oslo.messaging", tpPeer.perJob,
                rates(tpNormal, tpPeer, peerTp)));
        return rows;
    }

    private static String peerField(List<JsonNode> runs, String field) {
        return String.join("/", runs.stream().map(j -> Samples.num(j.get(field).asDouble())).toList());
    }

    private static String latencyNote(Latency l) {
        double[] all = l.all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String[] names = {"submit to broker confirm", "submit to the agent's engine start",
            "engine start to step (1st journal commit)", "step to outcome (2nd journal commit)",
            "outcome to answer in the orchestrator"};
        StringBuilder sb = new StringBuilder(String.format("all %d calls: p50 %s us, p99 %s us, min %s us, max %s us;"
                + " medians of the parts:", all.length, Samples.num(percentile(all, 50)), Samples.num(percentile(all, 99)),
                Samples.num(all[0]), Samples.num(all[all.length - 1])));
        for (int i = 0; i < names.length; i++) {
            double[] p = l.parts.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            sb.append(i == 0 ? " " : ", ").append(names[i]).append(' ')
                    .append(p.length == 0 ? "-" : Samples.num(percentile(p, 50))).append(" us");
        }
        return sb.toString();
    }

    private static String rates(Throughput ours, Throughput peer, List<JsonNode> peerRuns) {
        double[] rt = ours.roundTrips.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("rates: ours %s jobs/s, oslo.messaging %s calls/s (medians); ours' round trip under this"
                        + " load: p50 %s us, p99 %s us; CPU per job (medians over rounds): this JVM %s us + broker %s us"
                        + " (timed part), oslo.messaging's python3 %s us + broker %s us (whole process, warm-up calls"
                        + " included)",
                Samples.num(1e6 / ours.perJob.median()), Samples.num(1e6 / peer.perJob.median()),
                Samples.num(percentile(rt, 50)), Samples.num(percentile(rt, 99)), med(ours.cpuOwn),
                med(ours.cpuBroker), med(peer.cpuOwn), med(peer.cpuBroker));
    }

    private static String med(List<Double> v) {
        if (v.isEmpty()) {
            return "-";
        }
        Samples x = new Samples("");
        v.forEach(x::add);
        return Samples.num(x.median());
    }

    /** Nearest rank, as the peer computes it. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int k = (int) Math.ceil(sorted.length * p / 100.0) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, k))];
    }
}
