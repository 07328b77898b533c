package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.CLAIM;
import static org.iaasengine.libvirt.actions.VmPlans.DESTINATION_FREE;
import static org.iaasengine.libvirt.actions.VmPlans.INFO;
import static org.iaasengine.libvirt.actions.VmPlans.LOCATED;
import static org.iaasengine.libvirt.actions.VmPlans.MIGRATED;
import static org.iaasengine.libvirt.actions.VmPlans.MOVED;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Step;
import org.iaasengine.core.Verification;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.CheckDestination;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.LocateVm;
import org.iaasengine.libvirt.commands.MigrateVm;
import org.iaasengine.libvirt.commands.MoveDefinition;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.MigrateRequest;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

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
        VmPlans.checkVm(name);
        InvalidInputException.check(!from.name().equals(to.name()), "vm '%s' cannot migrate from host '%s' to itself",
                name, from.name());
        VmPlans.checkHost(req, req.host(), from);
        VmPlans.checkHost(req, req.destination(), to);
        boolean persistent = from.store().get(name).map(d -> d.lifecycle() == Lifecycle.PERSISTENT).orElse(false);
        boolean hasDisks = from.store().get(name).map(d -> !d.disks().isEmpty()).orElse(false);
        MigrationOptions options = new MigrationOptions(true, persistent, persistent, hasDisks,
                s.migrationBandwidthMiBs(), s.migrationTimeout());
        LibvirtDriver source = from.driver();
        return Action.<Vm>builder(MigrateRequest.ACTION, ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.migrationTimeout().multipliedBy(s.migrationRedos() + 1).plus(s.actionTimeout()))
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, VmPlans.locate(model, from, name, LocateVm.Presence.ON_HOST))
                        .withRetry(s.retry()))
                .step(CLAIM, ClaimVm.onHost(model, from.name(), name, VmState.MIGRATING))
                .step(Step.of(DESTINATION_FREE, new CheckDestination(to.driver(), to.name(), name, LOCATED))
                        .withRetry(s.retry()))
                .step(MIGRATED, new MigrateVm(source, to.driver(), name, options, LOCATED))
                .step(Step.of(MOVED, new MoveDefinition(from.store(), name, to.name())))
                .step(Step.of(INFO, new DomInfo(to.driver(), name)).withRetry(s.retry()))
                .verify(Verification.that("vm gone from source", ctx -> source.lookup(name)
                                .map(d -> !d.state().isActive()).orElse(true))
                        .withRetry(Retry.builder().maxAttempts(10).fixedDelay(Duration.ofMillis(200)).jitter(0).build())
                        .redoFrom(MIGRATED, s.migrationRedos()))
                .sync(r -> VmPlans.release(model, r, name, vm -> States.fromInfo(vm.withHost(to.name()), r.get(INFO), to)))
                .onFailure(VmPlans.resync(model, name, from, to))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
