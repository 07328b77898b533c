package org.iaasengine.bench;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.iaasengine.agent.Jobs;
import org.iaasengine.agent.Orchestrator;
import org.iaasengine.agent.PlacedCreate;
import org.iaasengine.agent.Topology;
import org.iaasengine.agent.placement.Demand;
import org.iaasengine.agent.placement.HostWeigher;
import org.iaasengine.agent.placement.PlacementPolicy;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;

/**
 * The orchestrator's side of the scale bench ({@code bench/scale.sh}): one {@link Orchestrator}
 * waits for agents {@code node-001} .. {@code node-N} (run by {@link ScaleAgents} in other JVMs),
 * then a mass create of {@code VMS} VMs placed by the policy (spread) from {@code CLIENTS} client
 * threads, each waiting for its job's answer before its next, then a mass delete of them. Prints
 * one table row: jobs/s, p50 and p99 of the round trip (submit to answer) of each phase, the jobs
 * that did not succeed, this JVM's peak heap and its CPU per job, and the broker's peak resident
 * memory (VmRSS of beam.smp, sampled every 250 ms).
 *
 * <pre>
 * java -cp ... org.iaasengine.bench.ScaleRun run N VMS CLIENTS NAME     (NAME: the orchestrator's)
 * java -cp ... org.iaasengine.bench.ScaleRun delete-queues N NAME      (after the agents stopped)
 * </pre>
 */
public final class ScaleRun {
    private static final Duration WAIT = Duration.ofMinutes(5);

    private ScaleRun() {
    }

    static List<String> nodes(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(String.format("node-%03d", i));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("header")) {
            System.out.println(HEADER);
            return;
        }
        if (args[0].equals("delete-queues")) {
            deleteQueues(nodes(Integer.parseInt(args[1])), args[2]);
            return;
        }
        int n = Integer.parseInt(args[1]);
        int vms = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        String name = args[4];
        List<String> nodes = nodes(n);
        Sampler sampler = new Sampler();
        try (Orchestrator o = Orchestrator.builder(name, NoopAgents.factory()).evacuation(false)
                .placement(PlacementPolicy.builder().weigh(HostWeigher.spread(), 1.0)
                        .filter((h, d) -> nodes.contains(h.name()) ? java.util.Optional.empty()
                                : java.util.Optional.of("not a node of this bench"))
                        .build())
                .connect()) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (String node : nodes) {
                o.awaitOnline(node, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            while (!o.cluster().snapshot().hosts().keySet().containsAll(nodes)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not every host in the cluster model within " + WAIT);
                }
                Thread.sleep(50);
            }
            sampler.start();
            Map<String, String> placed = new ConcurrentHashMap<>();
            Phase create = phase(vms, clients, i -> {
                String vm = String.format("h18p-s-%05d", i);
                Orchestrator.JobHandle h = o.submit(PlacedCreate.of(CreateRequest.builder(vm).memoryMiB(16).vcpus(1)
                        .build(), Demand.builder(vm, 16, 1).build()));
                Jobs.Answer a = h.answer().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                if (a.outcome() == Jobs.Outcome.SUCCEEDED) {
                    placed.put(vm, h.node());
                }
                return a.outcome() == Jobs.Outcome.SUCCEEDED;
            });
            long spread = placed.values().stream().distinct().count();
            List<String> names = new ArrayList<>(placed.keySet());
            Phase delete = phase(names.size(), clients, i -> {
                String vm = names.get(i);
                String node = placed.get(vm);
                Jobs.Answer a = o.submit(node, new DeleteRequest(node, vm, true)).answer()
                        .get(WAIT.toSeconds(), TimeUnit.SECONDS);
                return a.outcome() == Jobs.Outcome.SUCCEEDED;
            });
            sampler.stop();
            double cpuMsPerJob = (create.cpuNanos + delete.cpuNanos) / 1e6 / Math.max(1, create.jobs + delete.jobs);
            System.out.printf("%5d %6d %7.1f %8.1f %8.1f %7.1f %8.1f %8.1f %6d %6d %8.0f %8.2f %9.0f%n", n, vms,
                    create.rate(), create.p(50), create.p(99), delete.rate(), delete.p(50), delete.p(99),
                    create.failed + delete.failed, spread, sampler.heapMiB.get() / 1.0, cpuMsPerJob,
                    sampler.brokerKiB.get() / 1024.0);
            o.retire();
        }
    }

    /** Header lines of the table {@link #main} prints a row of. */
    static final String HEADER = "#   N    VMs  create/s  c.p50ms  c.p99ms delete/s  d.p50ms  d.p99ms  fails  hosts"
            + "  heapMiB cpuMs/job brokerMiB";

    @FunctionalInterface
    interface Job {
        boolean run(int i) throws Exception;
    }

    record Phase(int jobs, int failed, long wallNanos, long cpuNanos, long[] rtt) {
        double rate() {
            return jobs / (wallNanos / 1e9);
        }

        double p(int pct) {
            if (rtt.length == 0) {
                return Double.NaN;
            }
            int idx = (int) Math.ceil(pct / 100.0 * rtt.length) - 1;
            return rtt[Math.max(0, Math.min(rtt.length - 1, idx))] / 1e6;
        }
    }

    static Phase phase(int jobs, int clients, Job job) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long[] rtt = new long[jobs];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                fs.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < jobs) {
                        long s = System.nanoTime();
                        boolean ok;
                        try {
                            ok = job.run(i);
                        } catch (Exception e) {
                            ok = false;
                            System.err.println("job " + i + ": " + e);
                        }
                        rtt[i] = System.nanoTime() - s;
                        if (!ok) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long wall = System.nanoTime() - t0;
        long[] sorted = rtt.clone();
        Arrays.sort(sorted);
        return new Phase(jobs, failed.get(), wall, cpuNanos() - cpu0, sorted);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Samples this JVM's heap in use and the broker's resident memory, keeping the peaks. */
    static final class Sampler {
        final AtomicLong heapMiB = new AtomicLong();
        final AtomicLong brokerKiB = new AtomicLong();
        private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Path brokerStatus = ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/beam.smp")).orElse(false)).findFirst()
                .map(p -> Path.of("/proc", Long.toString(p.pid()), "status")).orElse(null);

        void start() {
            timer.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            timer.shutdown();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            sample();
        }

        private void sample() {
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
            heapMiB.accumulateAndGet(heap, Math::max);
            if (brokerStatus == null) {
                return;
            }
            try {
                for (String line : Files.readAllLines(brokerStatus)) {
                    if (line.startsWith("VmRSS:")) {
                        long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                        brokerKiB.accumulateAndGet(kib, Math::max);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The broker's process went away: its peak so far stands.
            }
        }
    }

    static void deleteQueues(List<String> nodes, String orchestrator) throws Exception {
        try (Connection c = NoopAgents.factory().newConnection("h18p-scale-cleanup")) {
            Channel ch = c.createChannel();
            ch.queueDelete(Orchestrator.replyQueue(orchestrator));
            for (String n : nodes) {
                for (String q : List.of(Topology.jobQueue(n), Topology.controlQueue(n))) {
                    try {
                        ch.queueDelete(q);
                    } catch (IOException e) {
                        ch = c.createChannel();
                    }
                }
            }
        }
    }
}
