package org.iaasengine.libvirt.actions;

import com.google.common.reflect.TypeToken;
import static org.iaasengine.libvirt.actions.VmPlans.DEFINITION;
import static org.iaasengine.libvirt.actions.VmPlans.SHUTDOWN;

import java.util.Optional;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.ReadDefinition;
import org.iaasengine.libvirt.commands.ShutdownVm;
import org.iaasengine.libvirt.commands.StartOnDestination;
import org.iaasengine.libvirt.commands.UndefineVm;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.spec.NonLiveMigrateRequest;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

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
        Action.Builder<Vm> b = VmPlans.migration(model, s, req, name, req.host(), req.destination(), from, to,
                s.actionTimeout().plus(s.shutdownGrace()))
                // Restart on the source only once the destination's copy is gone: never two QEMUs on one disk.
                .haltRevertOnFailure()
                .step(DEFINITION, new ReadDefinition(from.driver(), from.store(), from.name(), name))
                .step(SHUTDOWN, new ShutdownVm(from.driver(), from.store(), name, s.shutdownGrace(), s.acpiResend()))
                .step(Step.of(Key.of("undefined-on-source", new TypeToken<Optional<String>>() {
                }), new UndefineVm(from.driver(), name, DEFINITION)))
                .step(Step.of(Key.of("on-destination", DomainSummary.class),
                        new StartOnDestination(to.driver(), DEFINITION)));
        return VmPlans.finishMigration(b, model, s, from, to, name);
    }
}
