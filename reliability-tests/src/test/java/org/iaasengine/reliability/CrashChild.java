package org.iaasengine.reliability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.iaasengine.core.Engine;
import org.iaasengine.core.spi.Journal;
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
 * The host application of {@link CrashPointIT}, in a JVM of its own: opens the real hosts, the
 * definition store and the SQLite journal the test gives it, builds the action from its request
 * (JSON), and runs it with the journal. At journal transition {@code N} (just after it is
 * written, or just before) it prints {@code CRASHPOINT N <what>} and stops still, for the test to
 * kill it with SIGKILL. A run with fewer transitions prints {@code COMPLETED <count>} and exits.
 *
 * <p>Arguments: journal (sqlite:FILE or postgres:SCHEMA) store-dir storage-dir prefix crash-at (after|before) request-json
 * host-name=uri...
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String journalSpec = args[0];
        Path storeDir = Path.of(args[1]);
        Path storage = Path.of(args[2]);
        String prefix = args[3];
        int crashAt = Integer.parseInt(args[4]);
        boolean before = args[5].equals("before");
        String request = args[6];
        DefinitionStore store = DefinitionStore.open(storeDir);
        ResourceModel model = new ResourceModel();
        java.util.List<LibvirtHost> hosts = new java.util.ArrayList<>();
        for (int i = 7; i < args.length; i++) {
            String[] nameUri = args[i].split("=", 2);
            hosts.add(LibvirtHost.builder(nameUri[0], LibvirtJavaDriver.open(nameUri[1])).domainType("qemu")
                    .templates(LibvirtWorld.TEMPLATES).storage(storage).store(store)
                    .processTimeout(Duration.ofSeconds(60)).build());
        }
        // What an application does when it starts: the model from the hosts.
        for (LibvirtHost h : hosts) {
            try (HostMonitor m = HostMonitor.builder(h, model).build()) {
                m.initModel();
            }
        }
        CrashPointIT.keepOnly(model, prefix);
        LibvirtActions actions = CrashPointIT.tune(new LibvirtActions(model));
        LibvirtPlanContext ctx = LibvirtPlanContext.of(actions, hosts.toArray(LibvirtHost[]::new));
        SqlJournal journal = openJournal(journalSpec);
        StoppingJournal stopping = new StoppingJournal(journal, crashAt, before);
        try (Engine engine = Engine.builder().journal(stopping).build()) {
            String outcome;
            try {
                engine.run(LibvirtRegistry.registry().plan(ctx, request));
                outcome = "succeeded";
            } catch (RuntimeException e) {
                outcome = "failed: " + e.getMessage();
            }
            System.out.println("COMPLETED " + stopping.count.get() + " " + outcome);
            System.out.flush();
        }
        System.exit(0);
    }

    /**
     * {@code sqlite:FILE}, or {@code postgres:SCHEMA} (the database of scripts/postgres-up.sh,
     * in a schema of the test's own).
     */
    static SqlJournal openJournal(String spec) {
        if (spec.startsWith("postgres:")) {
            String schema = spec.substring("postgres:".length());
            return SqlJournal.postgres(SqlJournal.postgresDataSource(
                    "jdbc:postgresql://127.0.0.1:5432/iaas_journal?currentSchema=" + schema, "iaas", "iaas")).open();
        }
        return SqlJournal.sqlite(Path.of(spec.substring("sqlite:".length()))).open();
    }

    /** Stops the process still at transition {@code n}: the test kills it there. */
    static final class StoppingJournal implements Journal {
        private final Journal real;
        private final int n;
        private final boolean before;
        final AtomicInteger count = new AtomicInteger();

        StoppingJournal(Journal real, int n, boolean before) {
            this.real = real;
            this.n = n;
            this.before = before;
        }

        private void transition(String what, Runnable write) {
            int i = count.incrementAndGet();
            System.out.println("TRANSITION " + i + " " + what);
            if (i == n && before) {
                stop(i, "before " + what);
            }
            write.run();
            if (i == n) {
                stop(i, "after " + what);
            }
        }

        private static void stop(int i, String what) {
            System.out.println("CRASHPOINT " + i + " " + what);
            System.out.flush();
            while (true) {
                LockSupport.park();
            }
        }

        @Override
        public void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
            transition("actionStarted", () -> real.actionStarted(actionId, actionName, resourceKey, request));
        }

        @Override
        public void stepStarted(String actionId, int index, String step, int attempt, boolean effects) {
            transition("stepStarted " + step, () -> real.stepStarted(actionId, index, step, attempt, effects));
        }

        @Override
        public void stepSucceeded(String actionId, int index, String step, Object result) {
            transition("stepSucceeded " + step, () -> real.stepSucceeded(actionId, index, step, result));
        }

        @Override
        public void revertStarted(String actionId, String failedStep, String reason) {
            transition("revertStarted", () -> real.revertStarted(actionId, failedStep, reason));
        }

        @Override
        public void stepReverted(String actionId, int index, String step, boolean ok) {
            transition("stepReverted " + step, () -> real.stepReverted(actionId, index, step, ok));
        }

        @Override
        public void actionFinished(String actionId, boolean succeeded) {
            transition("actionFinished", () -> real.actionFinished(actionId, succeeded));
        }

        @Override
        public void actionPending(String actionId, String reason) {
            transition("actionPending", () -> real.actionPending(actionId, reason));
        }
    }
}
