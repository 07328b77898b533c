package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.CLAIM;
import static org.iaasengine.libvirt.actions.VmPlans.DEFINITION;
import static org.iaasengine.libvirt.actions.VmPlans.DESTINATION_FREE;
import static org.iaasengine.libvirt.actions.VmPlans.INFO;
import static org.iaasengine.libvirt.actions.VmPlans.LOCATED;
import static org.iaasengine.libvirt.actions.VmPlans.MOVED;
import static org.iaasengine.libvirt.actions.VmPlans.SHUTDOWN;

import java.util.Optional;
import org.iaasengine.core.Action;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.CheckDestination;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.LocateVm;
import org.iaasengine.libvirt.commands.MoveDefinition;
import org.iaasengine.libvirt.commands.ReadDefinition;
import org.iaasengine.libvirt.commands.ShutdownVm;
import org.iaasengine.libvirt.commands.StartOnDestination;
import org.iaasengine.libvirt.commands.UndefineVm;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.spec.NonLiveMigrateRequest;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * NonLiveMigration: read the definition, shut the VM down on the source, undefine it there, start
 * it on the destination, move its stored definition. On failure what ran is reverted: the VM runs
 * on the source again.
 *
 * <pre>{@code
 * Vm vm = engine.run(NonLiveMigrateAction.plan(model, settings, hostA, hostB,
 *         new NonLiveMigrateRequest("host-a", "web1", "host-b")));
 * }</pre>
 */
public final class NonLiveMigrateAction {
    private NonLiveMigrateAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost from, LibvirtHost to,
            NonLiveMigrateRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        InvalidInputException.check(!from.name().equals(to.name()), "vm '%s' cannot migrate from host '%s' to itself",
                name, from.name());
        VmPlans.checkHost(req, req.host(), from);
        VmPlans.checkHost(req, req.destination(), to);
        Action.Builder<Vm> b = Action.<Vm>builder(NonLiveMigrateRequest.ACTION, ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.actionTimeout().plus(s.shutdownGrace()))
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, VmPlans.locate(model, from, name, LocateVm.Presence.ON_HOST))
                        .withRetry(s.retry()))
                .step(CLAIM, ClaimVm.onHost(model, from.name(), name, VmState.MIGRATING))
                .step(Step.of(DESTINATION_FREE, new CheckDestination(to.driver(), to.name(), name, LOCATED))
                        .withRetry(s.retry()))
                .step(DEFINITION, new ReadDefinition(from.driver(), from.store(), from.name(), name))
                .step(SHUTDOWN, new ShutdownVm(from.driver(), from.store(), name, s.shutdownGrace(), s.acpiResend()))
                .step(Step.of(Key.<Optional<String>>named("undefined-on-source"), new UndefineVm(from.driver(), name)))
                .step(Step.of(Key.of("on-destination", DomainSummary.class),
                        new StartOnDestination(to.driver(), DEFINITION)))
                .step(Step.of(MOVED, new MoveDefinition(from.store(), name, to.name())))
                .step(Step.of(INFO, new DomInfo(to.driver(), name)).withRetry(s.retry()));
        return b.sync(r -> VmPlans.release(model, r, name, vm -> States.fromInfo(vm.withHost(to.name()), r.get(INFO), to)))
                .onFailure(VmPlans.resync(model, name, from, to))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
