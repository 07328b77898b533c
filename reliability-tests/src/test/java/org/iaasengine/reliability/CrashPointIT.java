package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.Action;
import org.iaasengine.core.Engine;
import org.iaasengine.journal.JournalRecovery;
import org.iaasengine.journal.RecoveryReport;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.actions.LibvirtPlanContext;
import org.iaasengine.libvirt.actions.LibvirtRegistry;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.reliability.FaultCampaign.Scenario;
import org.iaasengine.request.ActionRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The crash-point suite on the real daemons: the host application ({@link CrashChild}, a JVM of
 * its own with a SQLite journal) is killed with SIGKILL at every journal transition of an action
 * (just after each is written, and just before each step result is written: the command took
 * effect and nobody recorded it); then a new JVM (this one) opens the same journal and the same
 * definition store, reads the model from the hosts, and recovers. Afterwards nothing may be left
 * that the model does not own (domain, QEMU process, status file, disk copy, stored definition),
 * the model must equal both hosts, and the run must have exactly one outcome: a second recovery
 * finds nothing. Prints one {@code RELIABILITY} line.
 *
 * <p>CI runs every crash point of Create (persistent, with a template) on a SQLite journal and of
 * Delete on PostgreSQL; {@code -Diaas.crash.full=true} runs both on both databases and adds
 * transient Create, Start, Shutdown, transient Delete, Migrate and NonLiveMigrate, each on both.
 * {@code -Diaas.crash.only=create-persistent-template@sqlite} runs one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashPointIT {
    private static final String PREFIX = "iaas-rel-crash-";
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

    private Path tmp;
    private LibvirtWorld world;
    private Engine setupEngine;
    private final AtomicInteger names = new AtomicInteger();

    private int crashPoints;
    private int completedRuns;
    private final java.util.Map<RecoveryReport.Result, Integer> results = new java.util.TreeMap<>();
    private int nothingToRecover;
    private final List<String> leaks = new ArrayList<>();
    private final List<String> divergences = new ArrayList<>();
    private final List<String> notOnce = new ArrayList<>();

    /** The settings of both the child and the recovering JVM (the plan's shape must not differ). */
    static LibvirtActions tune(LibvirtActions a) {
        return a.shutdownGrace(Duration.ofSeconds(1)).acpiResend(Duration.ofMillis(500))
                .actionTimeout(Duration.ofMinutes(3)).migrationTimeout(Duration.ofSeconds(120));
    }

    /** Forgets the VMs of other suites (the shared hosts run them): the checks look at the prefix only. */
    static void keepOnly(ResourceModel model, String prefix) {
        model.update(m -> m.vms().stream().map(Vm::name).filter(n -> !n.startsWith(prefix)).toList()
                .forEach(m::removeVm));
    }

    @BeforeAll
    void setUp() throws Exception {
        tmp = Files.createTempDirectory("iaas-rel-crash");
        world = new LibvirtWorld(PREFIX, tmp).host("host1", LibvirtJavaDriver.open(RealHosts.HOST1), "qemu")
                .host("host2", LibvirtJavaDriver.open(RealHosts.HOST2), "qemu");
        setupEngine = Engine.builder().workers(4).build();
    }

    private final List<String> schemas = new ArrayList<>();

    private static javax.sql.DataSource pgAdmin() {
        return SqlJournal.postgresDataSource("jdbc:postgresql://127.0.0.1:5432/iaas_journal", "iaas", "iaas");
    }

    @AfterAll
    void tearDown() throws Exception {
        try (java.sql.Connection c = pgAdmin().getConnection(); java.sql.Statement st = c.createStatement()) {
            for (String schema : schemas) {
                st.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        try {
            world.close();
        } finally {
            setupEngine.close();
            try (var s = Files.walk(tmp)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void theHostApplicationKilledAtEveryJournalTransitionIsRecoveredOnceAndLeavesNothing() throws Exception {
        List<Scenario> all = new ArrayList<>(List.of(FaultCampaign.createScenario(Lifecycle.PERSISTENT, true),
                FaultCampaign.deleteScenario(Lifecycle.PERSISTENT)));
        if (Boolean.getBoolean("iaas.crash.full")) {
            all.addAll(List.of(FaultCampaign.createScenario(Lifecycle.TRANSIENT, true),
                    FaultCampaign.startScenario(Lifecycle.PERSISTENT),
                    FaultCampaign.shutdownScenario(Lifecycle.PERSISTENT),
                    FaultCampaign.deleteScenario(Lifecycle.TRANSIENT),
                    FaultCampaign.migrateScenario(),
                    FaultCampaign.nonLiveMigrateScenario()));
        }
        String only = System.getProperty("iaas.crash.only", "");
        int scenarios = 0;
        for (Scenario s : all) {
            // CI: create on SQLite, delete on PostgreSQL (the full profile: every scenario on both).
            List<Boolean> onPostgres = Boolean.getBoolean("iaas.crash.full") ? List.of(false, true)
                    : s.name().startsWith("delete") ? List.of(true) : List.of(false);
            for (boolean postgres : onPostgres) {
                if (!(s.name() + (postgres ? "@postgres" : "@sqlite")).contains(only)) {
                    continue;
                }
                scenarios++;
                List<String> transitions = run(s, postgres, 0, false);
                for (int n = 1; n <= transitions.size(); n++) {
                    run(s, postgres, n, false);
                    if (transitions.get(n - 1).startsWith("stepSucceeded")) {
                        run(s, postgres, n, true);
                    }
                }
            }
        }
        System.out.println("RELIABILITY journal-crash-points: scenarios=" + scenarios
                + " (sqlite and postgres) crash-points=" + crashPoints
                + " completed-runs=" + completedRuns + " nothing-to-recover=" + nothingToRecover
                + " reverted=" + results.getOrDefault(RecoveryReport.Result.REVERTED, 0)
                + " resumed=" + results.getOrDefault(RecoveryReport.Result.RESUMED, 0)
                + " failed=" + results.getOrDefault(RecoveryReport.Result.FAILED, 0)
                + " pending=" + results.getOrDefault(RecoveryReport.Result.PENDING, 0)
                + " leaks=" + leaks.size() + " divergences=" + divergences.size()
                + " not-exactly-once=" + notOnce.size());
        assertThat(crashPoints).as("crash points run (iaas.crash.only='%s')", only).isPositive();
        assertThat(leaks).isEmpty();
        assertThat(divergences).isEmpty();
        assertThat(notOnce).isEmpty();
        assertThat(results.getOrDefault(RecoveryReport.Result.PENDING, 0)).isZero();
        assertThat(results.getOrDefault(RecoveryReport.Result.FAILED, 0)).isZero();
    }

    /**
     * One run of {@code s}, the child killed at transition {@code n} (0: never), then recovered and
     * checked. Returns the transitions the child went through (what each was).
     */
    private List<String> run(Scenario s, boolean postgres, int n, boolean before) throws Exception {
        world.reset(CrashPointIT::tune);
        String vm = PREFIX + names.incrementAndGet();
        FaultCampaign.Context setup = new FaultCampaign.Context(world, setupEngine, world.actions);
        s.setup().accept(setup, vm);
        Action<?> plan = s.action().apply(setup, vm);
        String request = LibvirtRegistry.registry().codec().toJson((ActionRequest) plan.request().orElseThrow());
        Path journalFile = tmp.resolve("journal-" + vm + ".db");
        String schema = "crash_" + vm.replace('-', '_');
        String journalSpec = postgres ? "postgres:" + schema : "sqlite:" + journalFile;
        if (postgres) {
            schemas.add(schema);
            try (java.sql.Connection c = pgAdmin().getConnection(); java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE SCHEMA " + schema);
            }
        }
        String at = s.name() + (postgres ? "@postgres" : "@sqlite") + " " + (n == 0 ? "not killed" : "killed " + (before ? "before" : "after")
                + " transition " + n);

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                CrashChild.class.getName(), journalSpec, world.storeDirectory().toString(),
                world.storage.toString(), PREFIX, Integer.toString(n), before ? "before" : "after", request));
        command.add("host1=" + RealHosts.HOST1);
        command.add("host2=" + RealHosts.HOST2);
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            } catch (java.io.IOException ignored) {
                // the child was killed
            }
            lines.add("EOF");
        }, "crash-child-reader");
        reader.setDaemon(true);
        reader.start();
        List<String> transitions = new ArrayList<>();
        List<String> output = new ArrayList<>();
        String end = null;
        long deadline = System.nanoTime() + CHILD_TIMEOUT.toNanos();
        while (end == null) {
            String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                child.destroyForcibly().waitFor();
                throw new AssertionError(at + ": the child said nothing for " + CHILD_TIMEOUT + "; its output: "
                        + output);
            }
            output.add(line);
            if (line.startsWith("TRANSITION ")) {
                transitions.add(line.split(" ", 3)[2]);
            } else if (line.startsWith("CRASHPOINT ") || line.startsWith("COMPLETED ") || line.equals("EOF")) {
                end = line;
            }
        }
        if (end.startsWith("CRASHPOINT")) {
            child.destroyForcibly(); // SIGKILL
            crashPoints++;
        } else {
            completedRuns++;
        }
        child.waitFor(60, TimeUnit.SECONDS);
        if (end.equals("EOF")) {
            throw new AssertionError(at + ": the child ended without a word; its output: " + output);
        }

        // A new process: the store read again, the model from the hosts, the same journal.
        world.restart(CrashPointIT::tune);
        for (LibvirtWorld.HostSide h : world.hosts) {
            try (HostMonitor m = HostMonitor.builder(h.host, world.model).build()) {
                m.initModel();
            }
        }
        keepOnly(world.model, PREFIX);
        LibvirtPlanContext ctx = LibvirtPlanContext.of(world.actions,
                world.hosts.stream().map(h -> h.host).toArray(LibvirtHost[]::new));
        try (SqlJournal journal = CrashChild.openJournal(journalSpec);
                Engine engine = Engine.builder().journal(journal).build()) {
            boolean unfinished = !journal.unfinished().isEmpty();
            RecoveryReport report = JournalRecovery.recover(engine, journal, LibvirtRegistry.registry(), ctx,
                    Duration.ofMinutes(3));
            if (report.outcomes().size() != (unfinished ? 1 : 0)) {
                notOnce.add(at + ": " + report);
            }
            if (!unfinished) {
                nothingToRecover++;
            }
            report.outcomes().forEach(o -> results.merge(o.result(), 1, Integer::sum));
            RecoveryReport again = JournalRecovery.recover(engine, journal, LibvirtRegistry.registry(), ctx,
                    Duration.ofMinutes(1));
            if (!again.outcomes().isEmpty() || !journal.unfinished().isEmpty()) {
                notOnce.add(at + ": a second recovery found " + again);
            }
            LibvirtWorld.Findings f = world.check(null);
            f.leaks().forEach(l -> leaks.add(at + ": " + l));
            f.divergences().forEach(d -> divergences.add(at + ": " + d));
            System.out.println("crash " + at + " (" + (end.startsWith("CRASHPOINT") ? end.substring(11) : end)
                    + ") recovery=" + report.outcomes().stream().map(o -> o.result().name()).toList()
                    + " leaks=" + f.leaks() + " divergences=" + f.divergences());
        }
        return transitions;
    }
}
