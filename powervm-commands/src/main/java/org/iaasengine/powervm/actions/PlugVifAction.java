package org.iaasengine.powervm.actions;

import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.CreateClientNetworkAdapter;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.RequireIoModifiable;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.sync.LparStates;

/**
 * Plug a network adapter into an existing LPAR, as nova-powervm's PlugVifs after spawn: find the
 * LPAR (NOT_FOUND if absent) → refuse when its I/O cannot change now (running without RMC,
 * {@link RequireIoModifiable}) → plug a client network adapter on the VLAN. A failure unplugs what
 * the plug made (a lost answer included). On success the VM's MACs in the model gain the new
 * adapter's.
 *
 * <pre>{@code
 * AdapterRef a = engine.run(PlugVifAction.plan(host, new PlugVifRequest("sim-a", "web1", 200)));
 * }</pre>
 */
public final class PlugVifAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Boolean> MODIFIABLE = Key.of("modifiable", Boolean.class);
    public static final Key<AdapterRef> ADAPTER = Key.of("adapter", AdapterRef.class);

    private PlugVifAction() {
    }

    public static Action<AdapterRef> plan(PowerVmHost host, PlugVifRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<AdapterRef>builder(PlugVifRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(MODIFIABLE, new RequireIoModifiable(Input.from(FOUND)))
                .step(ADAPTER, new CreateClientNetworkAdapter(host.client(), Input.from(FOUND, LparInfo::uuid),
                        req.vlan(), null))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().update(m -> m.vm(req.name()).ifPresent(vm -> {
                    List<String> macs = new ArrayList<>(vm.macs());
                    macs.addAll(LparStates.macs(r.get(ADAPTER)));
                    m.putVm(vm.toBuilder().macs(macs).build());
                })))
                .resultFrom(ADAPTER)
                .build();
    }
}
