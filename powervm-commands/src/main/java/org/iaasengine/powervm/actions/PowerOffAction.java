package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.PowerOff;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.PowerOffResult;

/**
 * Power off: find the LPAR → claim it (STOPPING) → PowerOff with escalation (OS normal → OS
 * immediate → VSP normal → VSP hard, per the request) → the model says SHUTOFF. Each stage gets the
 * host's job timeout. On failure the VM gets its former model state back,
 * then the state its LPAR is in as read back (a job whose start answer was lost may have done the
 * work all the same; see {@link Plans#readStateBack}).
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

    /** The plan of {@code given}, on {@code host} (the request's host when it names none). */
    public static Action<Vm> plan(PowerVmHost host, PowerOffRequest given) {
        PowerOffRequest req = given.host() == null ? given.onHost(host.name()) : given;
        Plans.checkHost(req, req.host(), host);
        return Action.<Vm>builder(PowerOffRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(CLAIM, Plans.claim(host, req.name(), VmState.STOPPING, FOUND))
                .step(OFF, new PowerOff(host.client(), Input.from(FOUND, LparInfo::uuid), req.mode(), req.escalate(),
                        host.timeouts().job(), true))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> r.get(CLAIM).release(host.model(), vm -> vm.withState(VmState.SHUTOFF)))
                .onFailure(Plans.readStateBack(host, req.name(), CLAIM))
                .result(r -> host.model().vm(req.name()).orElseThrow())
                .build();
    }
}
