package org.iaasengine.libvirt.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.ResumeVm;
import org.iaasengine.libvirt.spec.ResumeRequest;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Resume: run a paused VM again; the model says RUNNING.
 *
 * <pre>{@code
 * Vm vm = engine.run(ResumeAction.plan(model, settings, host, new ResumeRequest("host-a", "web1")));
 * }</pre>
 */
public final class ResumeAction {
    private ResumeAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, ResumeRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        VmPlans.checkHost(req, req.host(), host);
        return VmPlans.vmAction(model, s, req, host, name, VmState.RESUMING)
                .step(Step.of(Key.of("resumed", Boolean.class), new ResumeVm(host.driver(), name))
                        .withRetry(s.retry()))
                .sync(r -> VmPlans.release(model, r, name, vm -> vm.withState(VmState.RUNNING)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
