package org.iaasengine.libvirt.virsh;

import org.iaasengine.libvirt.exec.Execution;
import org.iaasengine.libvirt.exec.ProcessRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link VirshDriver#migrate}: one {@code virsh migrate} process, watched, and its job aborted when it must stop. */
final class VirshMigration {
    private static final Logger LOG = LoggerFactory.getLogger(VirshDriver.class);

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
     * [--bandwidth N] --domain NAME --desturi URI}. When {@code options.timeout()} passes, the
     * driver runs {@code domjobabort} while virsh still drives the migration (so virsh and both
     * daemons clean up), waits up to the per-call timeout for virsh to end, then fails with
     * TIMEOUT; if virsh reports success in that window the migration did complete and this returns
     * normally. An interrupt aborts the job the same way, kills virsh and fails with CANCELLED.
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
        try {
            if (!ex.await(options.timeout())) {
                LOG.warn("{} did not finish within {} ms: aborting the job", c.describe(driver.uri()),
                        options.timeout().toMillis());
                abortQuietly(name);
                if (!ex.await(timeout)) {
                    ex.kill();
                    ex.await(ProcessRunner.KILL_GRACE);
                }
                VirshResult r = finished(ex, c);
                if (r != null && r.exitCode() == 0) {
                    LOG.info("{} completed while it was being aborted", c.describe(driver.uri()));
                    return;
                }
                throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.TIMEOUT,
                        c.describe(driver.uri()) + " to " + destinationUri + " did not finish within "
                                + options.timeout().toMillis() + " ms; the job was aborted"
                                + (r == null ? "" : ": " + VirshErrors.classify(r.stderr()).text()),
                        r == null ? null : driver.failure(c, r));
            }
        } catch (InterruptedException e) {
            abortQuietly(name);
            ex.kill();
            Thread.currentThread().interrupt();
            throw new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED,
                    c.describe(driver.uri()) + " was interrupted; the job was aborted and virsh killed", e);
        }
        VirshResult r = runner.result(ex, c, backstop);
        if (r.exitCode() != 0) {
            throw driver.failure(c, r);
        }
    }

    /** The result if the process ended on its own terms, null if it had to be killed. */
    private VirshResult finished(Execution ex, VirshCall c) {
        if (!ex.isFinished() || ex.timedOut()) {
            return null;
        }
        try {
            return runner.result(ex, c, Duration.ZERO);
        } catch (DriverException e) {
            return null;
        }
    }

    private void abortQuietly(String name) {
        boolean interrupted = Thread.interrupted();
        try {
            driver.abortJob(name);
        } catch (DriverException e) {
            LOG.debug("abort of the job of '{}' on {}: {}", name, driver.uri(), e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
