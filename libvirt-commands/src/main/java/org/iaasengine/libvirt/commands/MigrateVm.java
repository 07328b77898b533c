package org.iaasengine.libvirt.commands;

import java.time.Duration;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live-migrates a VM from one host to another ({@code virsh migrate --live}). While it runs, the
 * migration job's progress is read every 500 ms (on a thread that lives as long as the migration,
 * its waits on the engine's scheduler) and reported to the action's listeners; when its
 * timeout passes the driver aborts the job and the VM keeps running on the source. A VM already
 * running on the destination (a redo after a migration that did finish) is success, but only when
 * it is the same VM: given the {@link LocateVm} result of the source, the UUIDs must match, so
 * another VM of that name on the destination is never taken for this one. Revert moves the VM back
 * to the source.
 *
 * <pre>{@code
 * .step(MIGRATED, new MigrateVm(source.driver(), dest.driver(), "web1", MigrationOptions.live(Duration.ofMinutes(5))))
 * }</pre>
 */
public final class MigrateVm implements Command<Boolean> {
    private static final Logger LOG = LoggerFactory.getLogger(MigrateVm.class);
    /** How often the migration job's progress is read: a look every 500 ms, the first after 500 ms. */
    static final Retry PROGRESS_POLL = Retry.builder().fixedDelay(Duration.ofMillis(500)).jitter(0)
            .maxAttempts(Integer.MAX_VALUE).build();
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final LibvirtDriver source;
    private final LibvirtDriver destination;
    private final String name;
    private final MigrationOptions options;
    private final Key<LocateVm.Placement> located;

    public MigrateVm(LibvirtDriver source, LibvirtDriver destination, String name, MigrationOptions options) {
        this(source, destination, name, options, null);
    }

    /** As above; {@code located} is the key of the source's {@link LocateVm} step. */
    public MigrateVm(LibvirtDriver source, LibvirtDriver destination, String name, MigrationOptions options,
            Key<LocateVm.Placement> located) {
        this.source = source;
        this.destination = destination;
        this.name = name;
        this.options = options;
        this.located = located;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        Optional<LocateVm.Placement> placement = located == null ? Optional.empty() : ctx.find(located);
        if (source.lookup(name).filter(d -> d.state().isActive()).isEmpty()
                && destination.lookup(name).filter(d -> d.state().isActive())
                        .filter(d -> placement.map(p -> p.sameVm(d)).orElse(true)).isPresent()) {
            return false; // it already runs on the destination
        }
        ProgressWatch watch = new ProgressWatch(ctx);
        watch.start();
        try {
            source.migrate(name, destination.uri(), options);
        } finally {
            watch.stop();
        }
        ctx.progress(1.0, "migrated '" + name + "' to " + destination.uri());
        return true;
    }

    /**
     * Reads the job's progress while the worker is blocked in the migrate call: a thread of the
     * migration's own ({@code iaas-migration-progress[NAME]}), started with it and stopped (and
     * joined) when it returns, that looks every 500 ms through {@link Poll#until} on the engine's
     * scheduler. It only reads and reports; a failed read is logged and the next look tries again.
     */
    private final class ProgressWatch {
        private final CommandContext ctx;
        private final Thread thread;
        private volatile boolean done;
        private int looks;

        ProgressWatch(CommandContext ctx) {
            this.ctx = ctx;
            this.thread = new Thread(this::run, "iaas-migration-progress[" + name + "]");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            try {
                Poll.until(this::look, PROGRESS_POLL, ctx);
            } catch (InterruptedException | RuntimeException e) {
                LOG.debug("progress watch of the migration of {} ended: {}", name, e.toString());
            }
        }

        private boolean look() {
            if (done) {
                return true;
            }
            if (looks++ == 0) {
                return false; // the first read is one poll interval in
            }
            try {
                source.jobProgress(name).ifPresent(p -> ctx.progress(p.fraction(),
                        "migrating '" + name + "': " + p.dataProcessed() / (1024 * 1024) + " of "
                                + p.dataTotal() / (1024 * 1024) + " MiB"));
            } catch (RuntimeException e) {
                LOG.debug("progress of migration of {} not readable: {}", name, e.getMessage());
            }
            return done;
        }

        /** Ends the watch: its pending wait is cancelled and its thread joined. */
        void stop() {
            done = true;
            thread.interrupt();
            boolean interrupted = Thread.interrupted();
            try {
                thread.join(STOP_WAIT.toMillis());
            } catch (InterruptedException e) {
                interrupted = true;
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            if (thread.isAlive()) {
                LOG.warn("progress watch of the migration of {} still busy {} after the migration", name, STOP_WAIT);
            }
        }
    }

    @Override
    public void revert(CommandContext ctx, Boolean moved) {
        if (moved && destination.lookup(name).map(d -> d.state() != DomainState.SHUTOFF).orElse(false)) {
            destination.migrate(name, source.uri(), options);
        }
    }

    /** Nothing to move back when it already ran on the destination. */
    @Override
    public boolean needsRevert(Boolean moved) {
        return Boolean.TRUE.equals(moved);
    }
}
