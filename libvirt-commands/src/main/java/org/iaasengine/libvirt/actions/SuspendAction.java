package org.iaasengine.libvirt.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.SuspendVm;
import org.iaasengine.libvirt.spec.SuspendRequest;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Suspend: pause the VM's CPUs; the model says PAUSED.
 *
 * <pre>{@code
 * Vm vm = engine.run(SuspendAction.plan(model, settings, host, new SuspendRequest("host-a", "web1")));
 * }</pre>
 */
public final class SuspendAction {
    private SuspendAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, SuspendRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        VmPlans.checkHost(req, req.host(), host);
        return VmPlans.vmAction(model, s, req, host, name, VmState.SUSPENDING)
                .step(Step.of(Key.of("suspended", Boolean.class), new SuspendVm(host.driver(), name))
                        .withRetry(s.retry()))
                .sync(r -> VmPlans.release(model, r, name, vm -> vm.withState(VmState.PAUSED)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
