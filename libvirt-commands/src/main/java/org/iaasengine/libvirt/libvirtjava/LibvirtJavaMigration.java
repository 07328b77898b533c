package org.iaasengine.libvirt.libvirtjava;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LibvirtJavaDriver#migrate}: the migration job, its watch, and its abort. */
final class LibvirtJavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtJavaDriver.class);
    private static final long MIGRATE_LIVE = 1;
    private static final long MIGRATE_PERSIST_DEST = 8;
    private static final long MIGRATE_UNDEFINE_SOURCE = 16;
    private static final long MIGRATE_UNSAFE = 512;
    /** How often a running migration is checked for its deadline and its destination. */
    static final Duration WATCH = Duration.ofMillis(200);

    private final String uri;
    private final ConnectionSupervisor supervisor;
    private final DomainHandles handles;
    private final int keepAliveInterval;
    private final int keepAliveCount;
    private final Duration callTimeout;
    private final Duration abortGrace;
    private final Consumer<String> abortJob;

    /** {@code abortJob} aborts the job of a domain ({@code virDomainAbortJob}). */
    LibvirtJavaMigration(String uri, ConnectionSupervisor supervisor, DomainHandles handles, int keepAliveInterval,
            int keepAliveCount, Duration callTimeout, Duration abortGrace, Consumer<String> abortJob) {
        this.uri = uri;
        this.supervisor = supervisor;
        this.handles = handles;
        this.keepAliveInterval = keepAliveInterval;
        this.keepAliveCount = keepAliveCount;
        this.callTimeout = callTimeout;
        this.abortGrace = abortGrace;
        this.abortJob = abortJob;
    }

    /**
     * {@code virDomainMigrate} (libvirt-java {@code Domain.migrate}) to a connection this driver
     * opens to the destination for the migration (with the driver's keepalive), with
     * {@code VIR_MIGRATE_LIVE}, {@code PERSIST_DEST}, {@code UNDEFINE_SOURCE}, {@code UNSAFE} as
     * the options ask and the bandwidth cap. The call runs on a job thread, watched every
     * {@link #WATCH}: the job is aborted ({@code virDomainAbortJob}, the VM keeps running
     * here) when {@code options.timeout()} passes (TIMEOUT), when the destination's daemon goes
     * away (TRANSIENT: in a managed migration the source's QEMU would otherwise go on sending the
     * whole memory to a destination that can no longer finish it), or when the caller is
     * interrupted (CANCELLED). A migration that finishes while it is being aborted is a success.
     */
    void migrate(String name, String destinationUri, MigrationOptions options) {
        Objects.requireNonNull(destinationUri, "destinationUri");
        Objects.requireNonNull(options, "options");
        Call call = Call.of("migrate to " + destinationUri, name);
        long flags = (options.live() ? MIGRATE_LIVE : 0) | (options.persistent() ? MIGRATE_PERSIST_DEST : 0)
                | (options.undefineSource() ? MIGRATE_UNDEFINE_SOURCE : 0) | (options.unsafe() ? MIGRATE_UNSAFE : 0);
        AtomicReference<SupervisedConnect> destination = new AtomicReference<>();
        Future<Void> job = supervisor.submitJob(call, c -> handles.withDomain(c, name, d -> {
            SupervisedConnect dest = new SupervisedConnect(destinationUri);
            try {
                dest.setKeepAlive(keepAliveInterval, keepAliveCount);
                destination.set(dest);
                Domain moved = d.migrate(dest, flags, null, null, options.bandwidthMiBs());
                handles.adopted(1);
                handles.free(moved);
            } finally {
                destination.set(null);
                closeQuietly(dest, destinationUri);
            }
            return null;
        }));
        long deadline = System.nanoTime() + options.timeout().toNanos();
        DriverException stop;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    stop = Errors.timedOut(call, uri, options.timeout(), null);
                    LOG.warn("migration of '{}' from {} to {} exceeded {}; aborting it", name, uri, destinationUri,
                            options.timeout());
                    break;
                }
                if (ended(job, Math.min(left, WATCH.toNanos()))) {
                    supervisor.await(job, call, callTimeout);
                    return;
                }
                SupervisedConnect dest = destination.get();
                if (dest != null && !alive(dest)) {
                    stop = new DriverException(LibvirtError.RPC, FailureCategory.TRANSIENT, call.describe(uri)
                            + " failed: the destination " + destinationUri + " went away during the migration;"
                            + " the migration was aborted and the domain stays on " + uri, null);
                    LOG.warn("destination {} went away during the migration of '{}' from {}; aborting it",
                            destinationUri, name, uri);
                    break;
                }
            }
        } catch (InterruptedException e) {
            stop = Errors.interrupted(call, uri, e);
            LOG.warn("migration of '{}' from {} to {} interrupted; aborting it", name, uri, destinationUri);
        }
        boolean interrupted = Thread.interrupted(); // the abort below must not be cut short; restored after
        try {
            abortAfter(name, destinationUri, job, call, stop);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }


    private static boolean ended(Future<?> job, long nanos) throws InterruptedException {
        try {
            job.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException failed) {
            return true;
        }
    }

    private static boolean alive(SupervisedConnect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Aborts the migration job and waits for it to end; throws {@code why}, unless the migration
     * finished before the abort reached it (the VM runs on the destination: a failure would be a lie).
     */
    private void abortAfter(String name, String destinationUri, Future<Void> job, Call call, DriverException why) {
        try {
            abortJob.accept(name);
        } catch (DriverException abortFailure) {
            why.addSuppressed(abortFailure);
        }
        try {
            supervisor.await(job, call, abortGrace);
            LOG.info("migration of '{}' to {} finished while it was being aborted", name, destinationUri);
            return;
        } catch (DriverException afterAbort) {
            LOG.debug("migration of '{}' ended after the abort: {}", name, afterAbort.getMessage());
        }
        throw why;
    }

    private static void closeQuietly(SupervisedConnect c, String uri) {
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing the migration connection to {} failed: {}", uri, e.getMessage());
        }
    }
}
