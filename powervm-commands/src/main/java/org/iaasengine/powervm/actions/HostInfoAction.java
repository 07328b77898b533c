package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Host;
import org.iaasengine.powervm.commands.GetManagedSystem;
import org.iaasengine.powervm.commands.ListVioses;
import org.iaasengine.powervm.commands.LparInfo;
import org.iaasengine.powervm.commands.SystemInfo;
import java.util.List;

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
        return Action.<Host>builder("powervm.hostInfo", host.hostKey())
                .request(new InitModelAction.VmHostRequest(host.name()))
                .step(SYSTEM, new GetManagedSystem(host.client(), host.systemUuid()))
                .step(VIOSES, new ListVioses(host.client(), host.systemUuid()))
                .retry(host.retry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().putHost(HostFacts.toHost(host, r.get(SYSTEM), r.get(VIOSES))))
                .result(r -> HostFacts.toHost(host, r.get(SYSTEM), r.get(VIOSES)))
                .build();
    }
}
