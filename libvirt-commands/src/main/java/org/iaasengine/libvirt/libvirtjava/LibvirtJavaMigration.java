package org.iaasengine.libvirt.libvirtjava;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.MigrationWatch;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link LibvirtJavaDriver#migrate}: the migration job, under the {@link MigrationWatch}. */
final class LibvirtJavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtJavaDriver.class);
    private static final long MIGRATE_LIVE = 1;
    private static final long MIGRATE_PERSIST_DEST = 8;
    private static final long MIGRATE_UNDEFINE_SOURCE = 16;
    private static final long MIGRATE_UNSAFE = 512;
    /** How often a running migration is checked for its destination. */
    static final Duration WATCH = MigrationWatch.CHECK_EVERY;

    private final String uri;
    private final ConnectionSupervisor supervisor;
    private final DomainHandles handles;
    private final int keepAliveInterval;
    private final int keepAliveCount;
    private final Duration callTimeout;
    private final MigrationWatch watch;
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
        this.watch = new MigrationWatch(supervisor.scheduler(), abortGrace, Duration.ZERO);
        this.abortJob = abortJob;
    }

    /**
     * {@code virDomainMigrate} (libvirt-java {@code Domain.migrate}) to a connection this driver
     * opens to the destination for the migration (with the driver's keepalive), with
     * {@code VIR_MIGRATE_LIVE}, {@code PERSIST_DEST}, {@code UNDEFINE_SOURCE}, {@code UNSAFE} as
     * the options ask and the bandwidth cap. The call runs on a job thread, under the watch: the
     * job is aborted ({@code virDomainAbortJob}, the VM keeps running here) when
     * {@code options.timeout()} passes (TIMEOUT), when the destination's daemon goes away (checked
     * every {@link #WATCH}: TRANSIENT, since in a managed migration the source's QEMU would
     * otherwise go on sending the whole memory to a destination that can no longer finish it), or
     * when the caller is interrupted (CANCELLED); the job then has the abort grace to end. A
     * migration that finishes while it is being aborted is a success.
     */
    void migrate(String name, String destinationUri, MigrationOptions options) {
        Objects.requireNonNull(destinationUri, "destinationUri");
        Objects.requireNonNull(options, "options");
        Call call = Call.of("migrate to " + destinationUri, name);
        long flags = (options.live() ? MIGRATE_LIVE : 0) | (options.persistent() ? MIGRATE_PERSIST_DEST : 0)
                | (options.undefineSource() ? MIGRATE_UNDEFINE_SOURCE : 0) | (options.unsafe() ? MIGRATE_UNSAFE : 0);
        AtomicReference<SupervisedConnect> destination = new AtomicReference<>();
        CompletableFuture<Void> job = supervisor.submitJob(call, c -> handles.withDomain(c, name, d -> {
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
        watch.watch(new MigrationWatch.Job() {
            @Override
            public String describe() {
                return "migration of '" + name + "' from " + uri + " to " + destinationUri;
            }

            @Override
            public CompletableFuture<?> ended() {
                return job;
            }

            @Override
            public DriverException trouble() {
                SupervisedConnect dest = destination.get();
                if (dest == null || alive(dest)) {
                    return null;
                }
                return new DriverException(LibvirtError.RPC, FailureCategory.TRANSIENT, call.describe(uri)
                        + " failed: the destination " + destinationUri + " went away during the migration;"
                        + " the migration was aborted and the domain stays on " + uri, null);
            }

            @Override
            public void outcome() {
                supervisor.await(job, call, callTimeout);
            }

            @Override
            public void abort() {
                abortJob.accept(name);
            }

            @Override
            public DriverException timedOut(Duration timeout) {
                return Errors.timedOut(call, uri, timeout, null);
            }

            @Override
            public DriverException interrupted(InterruptedException e) {
                return Errors.interrupted(call, uri, e);
            }
        }, options.timeout());
    }

    private static boolean alive(SupervisedConnect c) {
        try {
            return c.isAlive();
        } catch (LibvirtException | RuntimeException e) {
            return false;
        }
    }

    private static void closeQuietly(SupervisedConnect c, String uri) {
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing the migration connection to {} failed: {}", uri, e.getMessage());
        }
    }
}
