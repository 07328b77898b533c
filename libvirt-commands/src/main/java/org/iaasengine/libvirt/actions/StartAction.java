package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.INFO;
import static org.iaasengine.libvirt.actions.VmPlans.STARTED;

import org.iaasengine.core.Action;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.StartVm;
import org.iaasengine.libvirt.spec.StartRequest;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Start: locate and claim the VM (STARTING), start a defined VM with {@code start} or a transient
 * one from its stored definition, read its info into the model.
 *
 * <pre>{@code
 * Vm vm = engine.run(StartAction.plan(model, settings, host, new StartRequest("host-a", "web1")));
 * }</pre>
 */
public final class StartAction {
    private StartAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, StartRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        VmPlans.checkHost(req, req.host(), host);
        return VmPlans.vmAction(model, s, req, host, name, VmState.STARTING)
                .step(STARTED, new StartVm(host.driver(), host.store(), host.name(), name))
                .step(Step.of(INFO, new DomInfo(host.driver(), name)).withRetry(s.retry()))
                .sync(r -> VmPlans.release(model, r, name, vm -> States.fromInfo(vm, r.get(INFO), host)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
