package org.iaasengine.powervm.actions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Host;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.GetManagedSystem;
import org.iaasengine.powervm.commands.ListLpars;
import org.iaasengine.powervm.commands.ListVioses;
import org.iaasengine.powervm.spec.InitModelRequest;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.SystemInfo;
import org.iaasengine.powervm.sync.HostFacts;
import org.iaasengine.powervm.sync.LparStates;

/**
 * Full reconcile of one managed system into the model, in one atomic write: the host (with its
 * VIOSes as attributes {@code vios.<name>}), every client LPAR as a VM with its state mapped by
 * {@link LparStates}, and the removal of model VMs of this host that no longer exist (unless an
 * action owns them). VMs an action owns keep their transitional state.
 *
 * <pre>{@code
 * Host h = engine.run(InitModelAction.plan(host));
 * }</pre>
 */
public final class InitModelAction {
    public static final Key<SystemInfo> SYSTEM = Key.of("system", SystemInfo.class);
    public static final Key<List<LparInfo>> LPARS = Key.named("lpars");
    public static final Key<List<LparInfo>> VIOSES = Key.named("vioses");

    private InitModelAction() {
    }

    public static Action<Host> plan(PowerVmHost host) {
        return plan(host, new InitModelRequest(host.name()));
    }

    public static Action<Host> plan(PowerVmHost host, InitModelRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<Host>builder(InitModelRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(req)
                .step(SYSTEM, new GetManagedSystem(host.client(), host.systemUuid()))
                .step(LPARS, new ListLpars(host.client(), host.systemUuid()))
                .step(VIOSES, new ListVioses(host.client(), host.systemUuid()))
                .retry(host.retry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().update(m -> {
                    m.putHost(HostFacts.toHost(host, r.get(SYSTEM), r.get(VIOSES)));
                    Set<String> seen = new HashSet<>();
                    for (LparInfo l : r.get(LPARS)) {
                        seen.add(l.name());
                        m.observe(LparStates.toVm(l, host.name()));
                    }
                    for (Vm vm : m.vms()) {
                        if (host.name().equals(vm.host()) && !seen.contains(vm.name()) && !vm.isOwned()) {
                            m.removeVm(vm.name());
                        }
                    }
                }))
                .result(r -> host.model().host(host.name()).orElseThrow())
                .build();
    }

}
