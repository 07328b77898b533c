package org.iaasengine.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.virsh.VirshDriver;

/**
 * The harness behind {@code bench/run}: runs the scenarios, ours and the peers interleaved in one
 * run on this machine, and prints one table (also written to {@code --out}). Every domain it
 * creates is named {@code iaas-perf-*} and destroyed before it returns.
 *
 * <pre>
 * java -cp ... org.iaasengine.bench.Bench --peers bench/peers --out bench/results.txt [--only 1,3a] [--reps 3]
 * </pre>
 *
 * Scenario 8 (host agents against oslo.messaging) needs the RabbitMQ of
 * {@code scripts/rabbitmq-up.sh} and Debian's python3-oslo.messaging, not libvirtd.
 */
public final class Bench {
    private static final long START = System.nanoTime();

    private Bench() {
    }

    /** Progress on stderr, so stdout carries only the table. */
    static void log(String format, Object... args) {
        System.err.printf("[bench %5.0fs] %s%n", (System.nanoTime() - START) / 1e9, String.format(format, args));
    }

    /** A round of a scenario: measures and records its samples; may throw when the daemon goes away. */
    @FunctionalInterface
    interface Round {
        void run() throws Exception;
    }

    private static String daemonUri = "qemu:///system";
    private static int interruptions;
    private static Path upScript;

    /** How many rounds were redone because the daemon went away or a call failed. */
    static int interruptions() {
        return interruptions;
    }

    /**
     * Runs one round; if it fails (the machine is shared: another engineer's test may restart
     * libvirtd), runs {@code cleanup}, waits for the daemon to answer again and redoes the round,
     * up to 3 attempts. Samples a failed round recorded before it failed are complete measurements
     * and are kept.
     */
    static void round(String label, Runnable cleanup, Round body) {
        for (int attempt = 1; ; attempt++) {
            try {
                body.run();
                return;
            } catch (Exception e) {
                if (attempt >= 3) {
                    throw new IllegalStateException(label + " failed " + attempt + " times", e);
                }
                interruptions++;
                log("%s failed (%s); waiting for libvirtd and redoing the round", label, e);
                awaitDaemon();
                try {
                    cleanup.run();
                } catch (RuntimeException ce) {
                    log("clean-up after %s failed too: %s", label, ce);
                }
            }
        }
    }

    /** Waits (up to 2 minutes) until {@code virsh version} answers on the host. */
    static void awaitDaemon() {
        long deadline = System.nanoTime() + 120_000_000_000L;
        boolean started = false;
        while (System.nanoTime() < deadline) {
            try {
                Process p = new ProcessBuilder("virsh", "-c", daemonUri, "version")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
                if (p.waitFor() == 0) {
                    Thread.sleep(6000); // the libvirt-java driver reconnects with a backoff of up to 5 s
                    return;
                }
                if (!started && System.nanoTime() > deadline - 90_000_000_000L && upScript != null) {
                    log("libvirtd still down after 30 s: starting it with %s", upScript);
                    started = true;
                    new ProcessBuilder("bash", upScript.toString(), "--no-second-host", "--no-guest")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start()
                            .waitFor();
                }
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot run virsh", e);
            }
        }
        throw new IllegalStateException("libvirtd on " + daemonUri + " did not come back within 2 minutes");
    }

    public static void main(String[] args) throws Exception {
        String uri = "qemu:///system";
        Path peers = Path.of("bench/peers");
        Path out = null;
        int reps = 2;
        Set<String> only = Set.of("1", "2", "3a", "3b", "4", "5", "6", "7", "8");
        int domains = 50;
        int fastRounds = 100;
        int lifeRounds = 10;
        int parVms = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--uri" -> uri = args[++i];
                case "--peers" -> peers = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--domains" -> domains = Integer.parseInt(args[++i]);
                case "--fast-rounds" -> fastRounds = Integer.parseInt(args[++i]);
                case "--lifecycle-rounds" -> lifeRounds = Integer.parseInt(args[++i]);
                case "--parallel-vms" -> parVms = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        daemonUri = uri;
        Path up = peers.toAbsolutePath().getParent().getParent().resolve("scripts/libvirt-up.sh");
        upScript = Files.isRegularFile(up) ? up : null;
        Path work = Files.createTempDirectory("iaas-perf-");
        BenchContext ctx = new BenchContext(uri, new Peer(peers), reps, "iaas-perf-", work);
        List<Row> rows = new ArrayList<>();
        boolean needLibvirt = only.stream().anyMatch(s -> !s.equals("1") && !s.equals("6") && !s.equals("8"));
        try {
            if (only.contains("1") || only.contains("6")) {
                if (only.contains("1")) {
                    rows.addAll(EngineOverheadScenario.run(ctx));
                }
                if (only.contains("6")) {
                    log("scenario 6a: model of 10,000 VMs");
                    rows.addAll(ModelMemoryScenario.run(ctx, 10_000));
                }
            }
            if (needLibvirt) {
                rows.addAll(libvirtScenarios(ctx, only, domains, fastRounds, lifeRounds, parVms));
            }
            if (only.contains("8")) {
                log("scenario 8: no-op jobs through the host agents against oslo.messaging RPC");
                rows.addAll(AgentRoundTripScenario.run(ctx, peers));
            }
        } finally {
            deleteTree(work);
        }
        rows.sort(Comparator.comparing(r -> r.scenario().substring(0, 2)));
        String title = "IaaS Engine vs peers, " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                .substring(0, 16) + ", " + machine();
        String table = Table.render(title, rows);
        if (interruptions > 0) {
            table += "- " + interruptions + " round(s) redone after libvirtd went away or a call failed (shared machine)\n";
        }
        System.out.println(table);
        if (out != null) {
            Files.writeString(out, table);
            log("table written to %s", out);
        }
    }

    private static List<Row> libvirtScenarios(BenchContext ctx, Set<String> only, int domains, int fastRounds,
            int lifeRounds, int parVms) throws Exception {
        List<Row> rows = new ArrayList<>();
        try (LibvirtJavaDriver java = LibvirtJavaDriver.open(ctx.uri()); VirshDriver virsh = VirshDriver.open(ctx.uri())) {
            round("initial clean-up", () -> { }, () -> {
                int left = PerfDomains.cleanUp(java, ctx.prefix());
                if (left > 0) {
                    log("destroyed %d iaas-perf-* domains left from an earlier run", left);
                }
            });
            try {
                if (only.contains("2") || only.contains("5")) {
                    List<String> names = IntStream.range(0, domains).mapToObj(i -> ctx.name(String.format("%02d", i)))
                            .collect(Collectors.toList());
                    Path storeDir = Files.createTempDirectory("iaas-perf-store");
                    try {
                        DefinitionStore store = DefinitionStore.open(storeDir);
                        log("creating %d paused 32 MiB TCG domains", domains);
                        round("creating the paused domains", () -> PerfDomains.cleanUp(java, ctx.prefix()),
                                () -> PerfDomains.createPaused(java, store, "host1", names));
                        if (only.contains("2")) {
                            Path emptyStore = Files.createTempDirectory("iaas-perf-empty-store");
                            try (InitModelSide j = InitModelSide.hostMonitor("libvirt-java driver", java, store, "host1");
                                    InitModelSide c = InitModelSide.cold("libvirt-java driver, cold", java, emptyStore,
                                            "host1");
                                    InitModelSide v = InitModelSide.hostMonitor("virsh driver", virsh, store, "host1")) {
                                rows.addAll(InitModelScenario.run(ctx, j, c, v));
                            } finally {
                                deleteTree(emptyStore);
                            }
                        }
                        if (only.contains("5")) {
                            rows.addAll(EventLatencyScenario.run(ctx, names.subList(0, Math.min(20, names.size())),
                                    List.of(EventSyncSide.hostMonitor("HostMonitor, libvirt-java events", java, store,
                                                    "host1"),
                                            EventSyncSide.hostMonitor("HostMonitor, virsh event stream", virsh, store,
                                                    "host1"))));
                        }
                        log("destroying the paused domains");
                        round("destroying the paused domains", () -> { },
                                () -> PerfDomains.destroyAll(java, names, 8));
                    } finally {
                        deleteTree(storeDir);
                    }
                }
                if (only.contains("3a")) {
                    rows.addAll(ClientOverheadScenario.runFast(ctx, java, virsh, fastRounds));
                }
                if (only.contains("3b")) {
                    rows.addAll(ClientOverheadScenario.runLifecycle(ctx, java, virsh, lifeRounds));
                }
                if (only.contains("4")) {
                    rows.addAll(ParallelCreateScenario.run(ctx, java, "libvirt-java", parVms));
                }
                if (only.contains("7")) {
                    log("scenario 7: suspend+resume actions, journaled against not");
                    rows.addAll(JournaledOpsScenario.run(ctx, java));
                }
            } finally {
                round("final clean-up", () -> { }, () -> PerfDomains.cleanUp(java, ctx.prefix()));
            }
        }
        return rows;
    }

    private static String machine() {
        String cpu = "?";
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            cpu = lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceAll(".*:\\s*", ""))
                    .orElse("?");
        } catch (IOException ignored) {
            // not Linux
        }
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
