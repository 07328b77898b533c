package org.iaasengine.libvirt.virsh;

import org.iaasengine.core.exec.Execution;
import org.iaasengine.core.exec.ProcessRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.MigrationWatch;

/** {@link VirshDriver#migrate}: one {@code virsh migrate} process, under the {@link MigrationWatch}. */
final class VirshMigration {
    private final VirshRunner runner;
    private final Duration timeout;
    private final VirshDriver driver;

    /** {@code timeout} is the driver's per-call timeout; {@code driver} aborts jobs and classifies failures. */
    VirshMigration(VirshRunner runner, Duration timeout, VirshDriver driver) {
        this.runner = runner;
        this.timeout = timeout;
        this.driver = driver;
    }

    /**
     * Runs {@code virsh migrate [--live] [--persistent] [--undefinesource] [--unsafe]
     * [--bandwidth N] --domain NAME --desturi URI} under the watch. When {@code options.timeout()}
     * passes, {@code domjobabort} runs while virsh still drives the migration (so virsh and both
     * daemons clean up), virsh has the per-call timeout to end (then it is killed), and the call
     * fails with TIMEOUT, unless virsh reports success in that window: then the migration did
     * complete and this returns normally. An interrupt aborts the job the same way, kills virsh at
     * once and fails with CANCELLED.
     */
    void migrate(String name, String target, String destinationUri, MigrationOptions options) {
        List<String> args = new ArrayList<>(List.of("migrate"));
        if (options.live()) {
            args.add("--live");
        }
        if (options.persistent()) {
            args.add("--persistent");
        }
        if (options.undefineSource()) {
            args.add("--undefinesource");
        }
        if (options.unsafe()) {
            args.add("--unsafe");
        }
        if (options.bandwidthMiBs() > 0) {
            args.add("--bandwidth");
            args.add(Long.toString(options.bandwidthMiBs()));
        }
        args.addAll(List.of("--domain", target, "--desturi", destinationUri));
        VirshCall c = new VirshCall("migrate", name, args, null);

        // The watchdog is the backstop; the abort below normally ends virsh well before it fires.
        Duration backstop = options.timeout().plus(timeout).plus(ProcessRunner.KILL_GRACE);
        Execution ex = runner.start(c, backstop, null);
        new MigrationWatch(runner.processes().scheduler(), timeout, ProcessRunner.KILL_GRACE)
                .watch(new Job(name, destinationUri, c, ex, backstop), options.timeout());
    }

    /** The virsh process as the watch sees it. */
    private final class Job implements MigrationWatch.Job {
        private final String name;
        private final String destinationUri;
        private final VirshCall call;
        private final Execution ex;
        private final Duration backstop;

        Job(String name, String destinationUri, VirshCall call, Execution ex, Duration backstop) {
            this.name = name;
            this.destinationUri = destinationUri;
            this.call = call;
            this.ex = ex;
            this.backstop = backstop;
        }

        @Override
        public String describe() {
            return call.describe(driver.uri()) + " to " + destinationUri;
        }

        @Override
        public CompletableFuture<?> ended() {
            return ex.finished();
        }

        @Override
        public void outcome() {
            VirshResult r = runner.result(ex, call, backstop);
            if (r.exitCode() != 0) {
                throw driver.failure(call, r);
            }
        }

        @Override
        public void abort() {
            driver.abortJob(name);
        }

        @Override
        public boolean kill() {
            ex.kill();
            return true;
        }

        @Override
        public DriverException timedOut(Duration limit) {
            return new DriverException(LibvirtError.UNKNOWN, FailureCategory.TIMEOUT,
                    describe() + " did not finish within " + limit.toMillis() + " ms; the job was aborted", null);
        }

        @Override
        public DriverException interrupted(InterruptedException e) {
            return new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED,
                    call.describe(driver.uri()) + " was interrupted; the job was aborted and virsh killed", e);
        }

        /** The timeout's failure with what virsh said, when it ended on its own terms. */
        @Override
        public DriverException failed(DriverException why) {
            VirshResult r = finished();
            if (r == null || why.category() != FailureCategory.TIMEOUT) {
                return why;
            }
            DriverException withText = new DriverException(why.error(), why.category(),
                    why.getMessage() + ": " + VirshErrors.classify(r.stderr()).text(), driver.failure(call, r));
            for (Throwable s : why.getSuppressed()) {
                withText.addSuppressed(s);
            }
            return withText;
        }

        /** The result if the process ended on its own terms, null if it had to be killed. */
        private VirshResult finished() {
            if (!ex.isFinished() || ex.timedOut()) {
                return null;
            }
            try {
                return runner.result(ex, call, Duration.ZERO);
            } catch (DriverException e) {
                return null;
            }
        }
    }
}
