package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.LOCATED;
import static org.iaasengine.libvirt.actions.VmPlans.MIGRATED;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Verification;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.MigrateVm;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.MigrateRequest;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * Migrate (live): move the running VM to the destination, then verify on the source that it is
 * gone, redoing the migration up to {@link LibvirtSettings#migrationRedos} times (GSN); the model
 * then shows it on the destination. Progress of the migration job is reported; the migration is
 * aborted at its timeout and the VM keeps running on the source.
 *
 * <pre>{@code
 * Vm vm = engine.run(MigrateAction.plan(model, settings, hostA, hostB, new MigrateRequest("host-a", "web1", "host-b")));
 * }</pre>
 */
public final class MigrateAction {
    private MigrateAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost from, LibvirtHost to,
            MigrateRequest req) {
        String name = req.vm();
        Action.Builder<Vm> b = VmPlans.migration(model, s, req, name, req.host(), req.destination(), from, to,
                s.migrationTimeout().multipliedBy(s.migrationRedos() + 1).plus(s.actionTimeout()));
        boolean persistent = from.store().get(name).map(d -> d.lifecycle() == Lifecycle.PERSISTENT).orElse(false);
        boolean hasDisks = from.store().get(name).map(d -> !d.disks().isEmpty()).orElse(false);
        MigrationOptions options = new MigrationOptions(true, persistent, persistent, hasDisks,
                s.migrationBandwidthMiBs(), s.migrationTimeout());
        LibvirtDriver source = from.driver();
        b.step(MIGRATED, new MigrateVm(source, to.driver(), name, options, LOCATED))
                .verify(Verification.that("vm gone from source", ctx -> source.lookup(name)
                                .map(d -> !d.state().isActive()).orElse(true))
                        .withRetry(Retry.builder().maxAttempts(10).fixedDelay(Duration.ofMillis(200)).jitter(0).build())
                        .redoFrom(MIGRATED, s.migrationRedos()));
        return VmPlans.finishMigration(b, model, s, from, to, name);
    }
}
