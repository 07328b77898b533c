package org.iaasengine.libvirt.commands;

import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live-migrates a VM from one host to another ({@code virsh migrate --live}). While it runs, the
 * migration job's progress is read every 500 ms and reported to the action's listeners; when its
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
    private static final ScheduledExecutorService PROGRESS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iaas-migration-progress");
        t.setDaemon(true);
        return t;
    });

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
        ScheduledFuture<?> poller = PROGRESS.scheduleWithFixedDelay(() -> {
            try {
                source.jobProgress(name).ifPresent(p -> ctx.progress(p.fraction(),
                        "migrating '" + name + "': " + p.dataProcessed() / (1024 * 1024) + " of "
                                + p.dataTotal() / (1024 * 1024) + " MiB"));
            } catch (RuntimeException e) {
                LOG.debug("progress of migration of {} not readable: {}", name, e.getMessage());
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
        try {
            source.migrate(name, destination.uri(), options);
        } finally {
            poller.cancel(false);
        }
        ctx.progress(1.0, "migrated '" + name + "' to " + destination.uri());
        return true;
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
