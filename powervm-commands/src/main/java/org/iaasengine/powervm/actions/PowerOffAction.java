package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.Input;
import org.iaasengine.powervm.commands.LparInfo;
import org.iaasengine.powervm.commands.PowerOff;
import org.iaasengine.powervm.commands.PowerOffResult;

/**
 * Power off: find the LPAR → claim it (STOPPING) → PowerOff with escalation (OS normal → OS
 * immediate → VSP normal → VSP hard, per the request) → the model says SHUTOFF. Each stage gets the
 * host's job timeout. On failure the VM gets its former model state back.
 *
 * <pre>{@code
 * Vm vm = engine.run(PowerOffAction.plan(host, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));
 * }</pre>
 */
public final class PowerOffAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<PowerOffResult> OFF = Key.of("off", PowerOffResult.class);

    private PowerOffAction() {
    }

    public static Action<Vm> plan(PowerVmHost host, PowerOffRequest req) {
        return Action.<Vm>builder("powervm.powerOff", PowerVmHost.vmKey(req.name()))
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(CLAIM, new ClaimVm(host.model(), host.name(), req.name(), VmState.STOPPING, Input.from(FOUND)))
                .step(OFF, new PowerOff(host.client(), Input.from(FOUND, LparInfo::uuid), req.mode(), req.escalate(),
                        host.timeouts().job(), true))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> r.get(CLAIM).release(host.model(), vm -> vm.withState(VmState.SHUTOFF)))
                .result(r -> host.model().vm(req.name()).orElseThrow())
                .build();
    }
}
