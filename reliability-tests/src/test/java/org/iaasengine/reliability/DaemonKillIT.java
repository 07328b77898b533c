package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.sync.DriftEvent;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.reliability.FaultCampaign.Context;
import org.iaasengine.reliability.FaultCampaign.Scenario;
import org.iaasengine.reliability.FaultInjectingDriver.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Real daemon deaths in the middle of actions, on the real libvirtd (never skipped: a missing
 * daemon fails):
 * <ul>
 *   <li>host 1's libvirtd is killed (SIGKILL) at every driver call of Create (both lifecycles,
 *   with a template), Start, Shutdown, Reboot and Delete (just before the call), and started again ({@code scripts/libvirt-up.sh --no-guest}). The action must
 *   complete or fail cleanly; the library's connection must come back; the model, kept by a
 *   {@link HostMonitor} as a user would run it, must then equal the host. A domain the monitor
 *   had to adopt (nobody asked for it), a disk copy, definition or QEMU process left behind, or a
 *   revert that gave up, is a leak.</li>
 *   <li>host 2's libvirtd is killed while the real guest migrates to it (bandwidth-capped, so the
 *   migration is mid-way): the migration is aborted, the VM still runs on host 1, the model says
 *   so, and host 2 has nothing of it once its daemon is back (host 2's libvirt state, its
 *   definitions and the status files of what it ran, outlives the restart, so this can fail).</li>
 * </ul>
 * A wait that times out (the daemon did not go or did not come back) fails the scenario; the
 * model's settle time is measured from the moment the restarted daemon answered; the leak check is
 * {@link LibvirtWorld#check} (QEMU processes counted per name, status files, stored definitions).
 * Prints one {@code RELIABILITY} line per test. Only domains named {@code iaas-rel-kill-*} are
 * touched; the daemons are restarted by the project's own script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonKillIT {
    private static final String PREFIX = "iaas-rel-kill-";
    private static final Path HOST1_PID = Path.of("/run/libvirtd.pid");
    private static final Path HOST2_PID = Path.of("/var/tmp/iaas-engine/host2/libvirtd.pid");
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private Path tmp;
    private LibvirtJavaDriver host1;
    private LibvirtJavaDriver host2;
    private LibvirtWorld world;
    private Engine engine;
    private final AtomicInteger names = new AtomicInteger();

    private int scenarios;
    private int kills;
    private int completed;
    private int failedCleanly;
    private final List<Long> settleMillis = new ArrayList<>();
    private final List<String> leaks = new ArrayList<>();
    private final List<String> divergences = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        tmp = Files.createTempDirectory("iaas-rel-kill");
        host1 = open(RealHosts.HOST1);
        host2 = open(RealHosts.HOST2);
        world = new LibvirtWorld(PREFIX, tmp).host("host1", host1, "qemu").host("host2", host2, "qemu");
        engine = Engine.builder().workers(4).build();
    }

    private static LibvirtJavaDriver open(String uri) {
        return LibvirtJavaDriver.builder(uri).reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .keepAlive(2, 3).open();
    }

    @AfterAll
    void tearDown() throws Exception {
        try {
            // Whatever happened above, both daemons run again for the suites after this one.
            RealHosts.run("bash", RealHosts.scripts().resolve("libvirt-up.sh").toString(), "--no-guest");
            world.close();
        } finally {
            engine.close();
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private LibvirtActions tuned(LibvirtActions a) {
        // Production retry and revert-retry policies: they are what must ride over the restart.
        return a.shutdownGrace(Duration.ofSeconds(1)).acpiResend(Duration.ofMillis(500))
                .actionTimeout(Duration.ofMinutes(3)).migrationTimeout(Duration.ofSeconds(120));
    }

    // ------------------------------------------------------------------ libvirtd killed mid-action

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void libvirtdKilledAtEveryCallOfEveryActionThenStartedAgainLeavesNothingAndTheModelCatchesUp()
            throws Exception {
        // CI: create, start, shutdown and delete; -Diaas.kill.full=true adds transient create and reboot.
        List<Scenario> all = Boolean.getBoolean("iaas.kill.full")
                ? List.of(FaultCampaign.createScenario(Lifecycle.PERSISTENT, true),
                        FaultCampaign.createScenario(Lifecycle.TRANSIENT, true),
                        FaultCampaign.startScenario(Lifecycle.PERSISTENT),
                        FaultCampaign.shutdownScenario(Lifecycle.PERSISTENT),
                        FaultCampaign.rebootScenario(),
                        FaultCampaign.deleteScenario(Lifecycle.PERSISTENT))
                : List.of(FaultCampaign.createScenario(Lifecycle.PERSISTENT, true),
                        FaultCampaign.startScenario(Lifecycle.PERSISTENT),
                        FaultCampaign.shutdownScenario(Lifecycle.PERSISTENT),
                        FaultCampaign.deleteScenario(Lifecycle.PERSISTENT));
        String only = System.getProperty("iaas.kill.only", "");
        for (Scenario s : all) {
            if (!s.name().contains(only)) {
                continue;
            }
            List<String> calls = killedAt(s, -1);
            for (int n = 1; n <= calls.size(); n++) {
                // A poll repeats the same call: its first one stands for the rest.
                if (n == 1 || !calls.get(n - 1).equals(calls.get(n - 2))) {
                    killedAt(s, n);
                }
            }
        }
        long[] sorted = settleMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println("RELIABILITY libvirtd-killed-mid-action: scenarios=" + scenarios + " kills=" + kills
                + " completed=" + completed + " failed-cleanly=" + failedCleanly + " leaks=" + leaks.size()
                + " divergences=" + divergences.size() + " model-settled-after-restart-median-ms="
                + (sorted.length == 0 ? "-" : sorted[sorted.length / 2]) + " max-ms="
                + (sorted.length == 0 ? "-" : sorted[sorted.length - 1]));
        assertThat(leaks).as("leaks").isEmpty();
        assertThat(divergences).as("divergences").isEmpty();
        // Not vacuous: on average at least three distinct calls of each scenario met a killed daemon.
        assertThat(kills).as("kills").isGreaterThanOrEqualTo(3 * all.size());
    }

    /**
     * One run of {@code s} with host 1's libvirtd killed just before call {@code n} (none when n is
     * -1), so that call and the ones after it meet a dead daemon until it is back. Returns the
     * calls the action made, in order.
     */
    private List<String> killedAt(Scenario s, int n) throws Exception {
        world.reset(this::tuned);
        String vm = PREFIX + names.incrementAndGet();
        LibvirtHost watched = LibvirtHost.builder("host1", host1).domainType("qemu").templates(LibvirtWorld.TEMPLATES)
                .storage(world.storage).store(world.store).build();
        List<DriftEvent> adopted = new CopyOnWriteArrayList<>();
        String where = s + (n < 0 ? " clean" : " libvirtd killed before call " + n);
        try (HostMonitor monitor = HostMonitor.builder(watched, world.model).reconcileInterval(Duration.ZERO).build()) {
            monitor.addDriftListener(d -> {
                if (d.kind() == DriftEvent.Kind.ADOPTED && d.vm().startsWith(PREFIX)) {
                    adopted.add(d);
                }
            });
            monitor.start();
            s.setup().accept(new Context(world, engine, world.actions), vm);
            Action<?> action = s.action().apply(new Context(world, engine, tuned(new LibvirtActions(world.model))), vm);
            FaultInjectingDriver d = world.side(0).driver;
            CompletableFuture<Long> restarted = new CompletableFuture<>();
            if (n < 0) {
                d.disarm();
                restarted.complete(System.nanoTime());
            } else {
                d.arm(n, Fault.before("kill-libvirtd", () -> kill(HOST1_PID, host1, restarted)));
            }
            ActionFailedException failure = null;
            long started = System.nanoTime();
            try {
                engine.run(action);
            } catch (ActionFailedException e) {
                failure = e;
            }
            long actionMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            List<String> calls = d.callLog();
            String fired = d.firedOn();
            String callLog = calls.toString();
            d.disarm();
            scenarios++;
            if (n >= 0 && fired == null) {
                return calls; // this run made fewer calls than the counting run: nothing was killed
            }
            where += " at " + fired + " calls=" + callLog + (failure == null ? " (completed)"
                    : " (failed: " + failure.getMessage() + ")");
            long restartedAt;
            try {
                restartedAt = restarted.get(120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                // A wait that times out (the daemon did not go, or did not come back) fails the scenario.
                leaks.add(where + ": the kill and restart of libvirtd did not complete: " + e);
                return calls;
            }
            if (n >= 0) {
                kills++;
            }
            if (n < 0 && failure != null) {
                leaks.add(where + ": the clean run failed");
            }
            if (!RealHosts.await(Duration.ofSeconds(30), host1::isConnected)) {
                leaks.add(where + ": the driver did not reconnect within 30 s");
                return calls;
            }
            // The model settles: the monitor's reconcile after the reconnect (or the check when the
            // action released the VM) must make it equal the host. Timed from the restart.
            ActionFailedException f = failure;
            AtomicReference<List<String>> lastLeaks = new AtomicReference<>(List.of());
            AtomicReference<List<String>> lastDivergences = new AtomicReference<>(List.of());
            boolean clean = RealHosts.await(SETTLE, () -> {
                LibvirtWorld.Findings found = world.check(f);
                List<String> l = new ArrayList<>(found.leaks());
                found.reported().forEach(r -> l.add(r + " (a revert gave up)"));
                adopted.forEach(a -> l.add("domain " + a.vm() + " adopted by the monitor: nobody had asked for it"));
                lastLeaks.set(l);
                lastDivergences.set(found.divergences());
                return l.isEmpty() && found.divergences().isEmpty();
            });
            long settled = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - Math.min(restartedAt, System.nanoTime()));
            if (n >= 0) {
                settleMillis.add(settled);
            }
            System.out.println("kill scenario " + where + " action-ms=" + actionMillis + " settle-ms=" + settled
                    + " leaks=" + lastLeaks.get() + " divergences=" + lastDivergences.get());
            String what = where;
            lastLeaks.get().forEach(l -> leaks.add(what + ": " + l));
            lastDivergences.get().forEach(l -> divergences.add(what + ": " + l));
            if (clean && n >= 0) {
                if (failure == null) {
                    completed++;
                } else {
                    failedCleanly++;
                }
            }
            return calls;
        }
    }

    /**
     * Kills the daemon whose pid file is {@code pidFile} with SIGKILL, waits until {@code watching}
     * has seen it go, and starts it again on another thread; {@code restarted} completes once it
     * answers.
     *
     * <p>Killed only between calls: a SIGKILL while libvirtd 9.0 forks a QEMU (inside a create or a
     * start call) can leave a domain held by a "start" job that no API call and no restart clears
     * (until its status file under {@code /run/libvirt/qemu} is removed by hand). The create then
     * fails and reports what it could not destroy; that is libvirt's to fix and not tested here.
     */
    private static void kill(Path pidFile, LibvirtJavaDriver watching, CompletableFuture<Long> restarted) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            RealHosts.run("kill", "-9", Long.toString(pid));
            if (!RealHosts.await(Duration.ofSeconds(15), () -> !watching.isConnected())) {
                throw new IllegalStateException("the driver still looked connected 15 s after the kill of " + pid);
            }
        } catch (Exception e) {
            restarted.completeExceptionally(e);
            return;
        }
        CompletableFuture.runAsync(() -> {
            try {
                RealHosts.run("bash", RealHosts.scripts().resolve("libvirt-up.sh").toString(), "--no-guest");
                restarted.complete(System.nanoTime()); // the script returns once the daemon answers
            } catch (Exception e) {
                restarted.completeExceptionally(e);
            }
        });
    }

    // ------------------------------------------------------------------ destination dies mid-migration

    @Test
    void migrationWhoseDestinationDaemonDiesMidWayIsAbortedAndTheVmStaysRunningOnTheSource() throws Exception {
        world.reset(this::tuned);
        String vm = PREFIX + "mig-" + names.incrementAndGet();
        LibvirtHost h1 = world.side(0).host;
        LibvirtHost h2 = world.side(1).host;
        // The real guest fills its memory: at 2 MiB/s its migration takes about a minute.
        engine.run(world.actions.create(h1, CreateRequest.builder(vm).memoryMiB(128).lifecycle(Lifecycle.TRANSIENT)
                .directKernel("/var/tmp/iaas-engine/guest/vmlinuz", "/var/tmp/iaas-engine/guest/initrd.gz",
                        "console=ttyS0 quiet")
                .build()));
        Thread.sleep(3000); // let the guest boot and fill its memory
        LibvirtActions migrating = tuned(new LibvirtActions(world.model)).migrationBandwidth(2);
        long t0 = System.nanoTime();
        ActionHandle<Vm> handle = engine.submit(migrating.migrate(h1, h2, vm));
        // Mid-way: the migration job has sent some memory.
        assertThat(RealHosts.await(Duration.ofSeconds(30), () -> host1.jobProgress(vm)
                .map(JobProgress::dataProcessed).orElse(0L) > 4L * 1024 * 1024))
                .as("the migration of %s got under way", vm).isTrue();
        long progressed = host1.jobProgress(vm).map(JobProgress::dataProcessed).orElse(0L);
        CompletableFuture<Long> restarted = new CompletableFuture<>();
        long killedAt = System.nanoTime();
        kill(HOST2_PID, host2, restarted);
        ActionFailedException failure = null;
        try {
            handle.join();
        } catch (ActionFailedException e) {
            failure = e;
        }
        long abortedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        restarted.get(120, TimeUnit.SECONDS);
        assertThat(failure).as("the migration failed").isNotNull();
        assertThat(failure.category()).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(failure.getMessage()).contains(vm).contains("went away");
        assertThat(host1.lookup(vm)).as("still on host 1").map(DomainSummary::state).contains(DomainState.RUNNING);
        assertThat(world.model.vm(vm)).as("the model").hasValueSatisfying(v -> {
            assertThat(v.host()).isEqualTo("host1");
            assertThat(v.state()).isEqualTo(VmState.RUNNING);
            assertThat(v.isOwned()).isFalse();
        });
        assertThat(RealHosts.await(Duration.ofSeconds(30), host2::isConnected)).as("host 2 reconnected").isTrue();
        assertThat(RealHosts.await(Duration.ofSeconds(30), () -> host2.lookup(vm).isEmpty()))
                .as("host 2 has nothing of %s once its daemon is back", vm).isTrue();
        assertThat(RealHosts.await(Duration.ofSeconds(30), () -> qemuCount(vm) == 1))
                .as("exactly one QEMU process runs %s", vm).isTrue();
        LibvirtWorld.Findings found = world.check(failure);
        assertThat(found.leaks()).isEmpty();
        assertThat(found.reported()).isEmpty();
        assertThat(found.divergences()).isEmpty();
        // And it still works: it can be migrated once host 2 is back.
        Vm moved = engine.run(tuned(new LibvirtActions(world.model)).migrate(h1, h2, vm));
        assertThat(moved.host()).isEqualTo("host2");
        assertThat(host2.lookup(vm)).map(DomainSummary::state).contains(DomainState.RUNNING);
        System.out.println("RELIABILITY migration-destination-killed: migrated-before-kill-MiB="
                + progressed / (1024 * 1024) + " aborted-after-kill-ms=" + abortedAfter + " failure="
                + failure.category() + " vm-on-source=RUNNING model=host1/RUNNING leaks=0 total-s="
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0));
    }

    private static long qemuCount(String vm) {
        return LibvirtWorld.qemuProcesses(vm).getOrDefault(vm, List.of()).size();
    }
}
