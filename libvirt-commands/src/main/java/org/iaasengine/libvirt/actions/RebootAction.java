package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.INFO;
import static org.iaasengine.libvirt.actions.VmPlans.SHUTDOWN;
import static org.iaasengine.libvirt.actions.VmPlans.STARTED;

import java.util.Objects;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.RebootVm;
import org.iaasengine.libvirt.commands.ShutdownVm;
import org.iaasengine.libvirt.commands.StartVm;
import org.iaasengine.libvirt.spec.RebootMode;
import org.iaasengine.libvirt.spec.RebootRequest;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Reboot: as shutdown then start ({@link RebootMode#SHUTDOWN_START}, the GSN way), or with
 * libvirt's own reboot ({@link RebootMode#LIBVIRT}); then the VM's info into the model.
 *
 * <pre>{@code
 * Vm vm = engine.run(RebootAction.plan(model, settings, host, new RebootRequest("host-a", "web1", RebootMode.LIBVIRT)));
 * }</pre>
 */
public final class RebootAction {
    private RebootAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, RebootRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        Objects.requireNonNull(req.mode(), "mode");
        VmPlans.checkHost(req, req.host(), host);
        Action.Builder<Vm> b = VmPlans.vmAction(model, s, req, host, name, VmState.REBOOTING);
        if (req.mode() == RebootMode.LIBVIRT) {
            b.step(Step.of(Key.of("rebooted", Void.class), new RebootVm(host.driver(), name)));
        } else {
            b.step(SHUTDOWN, new ShutdownVm(host.driver(), host.store(), name, s.shutdownGrace(), s.acpiResend()))
                    .step(STARTED, new StartVm(host.driver(), host.store(), host.name(), name));
        }
        return b.step(Step.of(INFO, new DomInfo(host.driver(), name)).withRetry(s.retry()))
                .sync(r -> VmPlans.release(model, r, name, vm -> States.fromInfo(vm, r.get(INFO), host)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
