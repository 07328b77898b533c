package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.Input;
import org.iaasengine.powervm.commands.LparInfo;
import org.iaasengine.powervm.commands.PowerOffMode;
import org.iaasengine.powervm.commands.RestartLpar;

/**
 * Reboot: find the LPAR → claim it (REBOOTING) → PowerOff with {@code restart=true}, escalating as
 * requested → the model says RUNNING. An LPAR that is not running fails with CONFLICT.
 *
 * <pre>{@code
 * Vm vm = engine.run(RebootAction.plan(host, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));
 * }</pre>
 */
public final class RebootAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<PowerOffMode> RESTARTED = Key.of("restarted", PowerOffMode.class);

    private RebootAction() {
    }

    public static Action<Vm> plan(PowerVmHost host, PowerOffRequest req) {
        return Action.<Vm>builder("powervm.reboot", PowerVmHost.vmKey(req.name()))
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(CLAIM, new ClaimVm(host.model(), host.name(), req.name(), VmState.REBOOTING, Input.from(FOUND)))
                .step(RESTARTED, new RestartLpar(host.client(), Input.from(FOUND, LparInfo::uuid), req.mode(),
                        host.timeouts().job()))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> r.get(CLAIM).release(host.model(), vm -> vm.withState(VmState.RUNNING)))
                .result(r -> host.model().vm(req.name()).orElseThrow())
                .build();
    }
}
