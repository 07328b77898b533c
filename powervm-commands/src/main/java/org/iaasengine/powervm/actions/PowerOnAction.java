package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.PowerOn;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOnRequest;
import org.iaasengine.powervm.spec.VmRequest;

/**
 * Power on: find the LPAR (NOT_FOUND if absent) → claim it (STARTING) → PowerOn job → the model
 * says RUNNING. A running LPAR is left as it is. On failure the VM gets its former model state back,
 * then the state its LPAR is in as read back (a job whose start answer was lost may have done the
 * work all the same; see {@link Plans#readStateBack}).
 *
 * <pre>{@code
 * Vm vm = engine.run(PowerOnAction.plan(host, new VmRequest("web1")));
 * }</pre>
 */
public final class PowerOnAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<Boolean> STARTED = Key.of("started", Boolean.class);

    private PowerOnAction() {
    }

    public static Action<Vm> plan(PowerVmHost host, VmRequest req) {
        return plan(host, new PowerOnRequest(host.name(), req.name()));
    }

    public static Action<Vm> plan(PowerVmHost host, PowerOnRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<Vm>builder(PowerOnRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(CLAIM, Plans.claim(host, req.name(), VmState.STARTING, FOUND))
                .step(STARTED, new PowerOn(host.client(), Input.from(FOUND, LparInfo::uuid), host.timeouts().job()))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> r.get(CLAIM).release(host.model(), vm -> vm.withState(VmState.RUNNING)))
                .onFailure(Plans.readStateBack(host, req.name(), CLAIM))
                .result(r -> host.model().vm(req.name()).orElseThrow())
                .build();
    }
}
