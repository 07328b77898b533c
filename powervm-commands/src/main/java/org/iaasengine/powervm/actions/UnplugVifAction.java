package org.iaasengine.powervm.actions;

import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.RemoveClientNetworkAdapter;
import org.iaasengine.powervm.commands.RequireIoModifiable;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.UnplugVifRequest;
import org.iaasengine.powervm.sync.LparStates;

/**
 * Unplug a network adapter from an LPAR by its MAC, as nova-powervm's UnplugVifs: find the LPAR
 * (NOT_FOUND if absent) → refuse when its I/O cannot change now ({@link RequireIoModifiable}) →
 * unplug the adapter with the MAC (NOT_FOUND when it has none). A failure after the unplug took
 * effect plugs it back with the same MAC and VLAN. On success the MAC leaves the VM's MACs in the
 * model.
 *
 * <pre>{@code
 * AdapterRef gone = engine.run(UnplugVifAction.plan(host, new UnplugVifRequest("sim-a", "web1", "fa:d4:43:3e:00:0c")));
 * }</pre>
 */
public final class UnplugVifAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Boolean> MODIFIABLE = Key.of("modifiable", Boolean.class);
    public static final Key<AdapterRef> UNPLUGGED = Key.of("unplugged", AdapterRef.class);

    private UnplugVifAction() {
    }

    public static Action<AdapterRef> plan(PowerVmHost host, UnplugVifRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<AdapterRef>builder(UnplugVifRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(MODIFIABLE, new RequireIoModifiable(Input.from(FOUND)))
                .step(UNPLUGGED, new RemoveClientNetworkAdapter(host.client(), Input.from(FOUND, LparInfo::uuid),
                        req.mac()))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().update(m -> m.vm(req.name()).ifPresent(vm -> {
                    List<String> macs = new ArrayList<>(vm.macs());
                    macs.remove(LparStates.mac(req.mac()));
                    m.putVm(vm.toBuilder().macs(macs).build());
                })))
                .resultFrom(UNPLUGGED)
                .build();
    }
}
