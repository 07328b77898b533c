package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Host;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.GetManagedSystem;
import org.iaasengine.powervm.commands.ListLpars;
import org.iaasengine.powervm.spec.HostStatisticalRequest;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.SystemInfo;

/**
 * Host statistics: processor units and memory in use and LPAR counts of a managed system, and the
 * host's free memory in the model brought up to date.
 *
 * <pre>{@code
 * HostStats s = engine.run(HostStatisticalAction.plan(host));
 * }</pre>
 */
public final class HostStatisticalAction {
    public static final Key<SystemInfo> SYSTEM = Key.of("system", SystemInfo.class);
    public static final Key<List<LparInfo>> LPARS = Key.named("lpars");

    private HostStatisticalAction() {
    }

    public static Action<HostStats> plan(PowerVmHost host) {
        return plan(host, new HostStatisticalRequest(host.name()));
    }

    public static Action<HostStats> plan(PowerVmHost host, HostStatisticalRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<HostStats>builder(HostStatisticalRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(req)
                .step(SYSTEM, new GetManagedSystem(host.client(), host.systemUuid()))
                .step(LPARS, new ListLpars(host.client(), host.systemUuid()))
                .retry(host.retry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().update(m -> m.host(host.name()).ifPresent(h -> {
                    SystemInfo ms = r.get(SYSTEM);
                    m.putHost(new Host(h.name(), h.uri(), h.state(), h.cpuModel(), h.cpus(), h.mhz(), h.memoryKiB(),
                            ms.availableMemoryMb() * 1024, h.attributes()));
                })))
                .result(r -> {
                    SystemInfo ms = r.get(SYSTEM);
                    List<LparInfo> lpars = r.get(LPARS);
                    int running = (int) lpars.stream().filter(LparInfo::isActivated).count();
                    return new HostStats(host.name(), ms.installedProcUnits(), ms.availableProcUnits(),
                            ms.installedMemoryMb(), ms.availableMemoryMb(), running, lpars.size());
                })
                .build();
    }
}
