package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.RestartLpar;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.RebootRequest;

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

    /** The reboot of {@code req}'s VM on {@code host}, with its mode and escalation. */
    public static Action<Vm> plan(PowerVmHost host, PowerOffRequest req) {
        return plan(host, new RebootRequest(req.host() == null ? host.name() : req.host(), req.name(), req.mode(),
                req.escalate()));
    }

    public static Action<Vm> plan(PowerVmHost host, RebootRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<Vm>builder(RebootRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(CLAIM, Plans.claim(host, req.name(), VmState.REBOOTING, FOUND))
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
