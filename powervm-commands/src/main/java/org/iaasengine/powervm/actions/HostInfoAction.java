package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Host;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.GetManagedSystem;
import org.iaasengine.powervm.commands.ListVioses;
import org.iaasengine.powervm.spec.HostInfoRequest;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.SystemInfo;
import org.iaasengine.powervm.sync.HostFacts;

/**
 * Host info: reads the managed system (machine type, model, serial, processor units, memory,
 * capabilities) and its VIOSes, and puts the host in the model.
 *
 * <pre>{@code
 * Host h = engine.run(HostInfoAction.plan(host));
 * }</pre>
 */
public final class HostInfoAction {
    public static final Key<SystemInfo> SYSTEM = Key.of("system", SystemInfo.class);
    public static final Key<List<LparInfo>> VIOSES = Key.named("vioses");

    private HostInfoAction() {
    }

    public static Action<Host> plan(PowerVmHost host) {
        return plan(host, new HostInfoRequest(host.name()));
    }

    public static Action<Host> plan(PowerVmHost host, HostInfoRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<Host>builder(HostInfoRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(req)
                .step(SYSTEM, new GetManagedSystem(host.client(), host.systemUuid()))
                .step(VIOSES, new ListVioses(host.client(), host.systemUuid()))
                .retry(host.retry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().putHost(HostFacts.toHost(host, r.get(SYSTEM), r.get(VIOSES))))
                .result(r -> HostFacts.toHost(host, r.get(SYSTEM), r.get(VIOSES)))
                .build();
    }
}
