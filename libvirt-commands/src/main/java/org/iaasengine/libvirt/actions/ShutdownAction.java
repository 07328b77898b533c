package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.SHUTDOWN;

import org.iaasengine.core.Action;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.ShutdownVm;
import org.iaasengine.libvirt.spec.ShutdownRequest;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Shutdown: ACPI, pressed again every {@link LibvirtSettings#acpiResend}, destroy when
 * {@link LibvirtSettings#shutdownGrace} passes; a VM that is already off is success.
 *
 * <pre>{@code
 * Vm vm = engine.run(ShutdownAction.plan(model, settings, host, new ShutdownRequest("host-a", "web1")));
 * }</pre>
 */
public final class ShutdownAction {
    private ShutdownAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, ShutdownRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        VmPlans.checkHost(req, req.host(), host);
        return VmPlans.vmAction(model, s, req, host, name, VmState.STOPPING)
                .step(SHUTDOWN, new ShutdownVm(host.driver(), host.store(), name, s.shutdownGrace(), s.acpiResend()))
                .sync(r -> VmPlans.release(model, r, name, vm -> vm.withState(VmState.SHUTOFF)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
