package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.NODE;
import static org.iaasengine.libvirt.actions.VmPlans.RUNNING;

import java.util.HashMap;
import java.util.Map;
import org.iaasengine.core.Action;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.GetNodeInfo;
import org.iaasengine.libvirt.commands.HostRunningInfo;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.NodeStats;
import org.iaasengine.libvirt.spec.HostInfoRequest;
import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;

/**
 * HostInfo: node info plus what the host runs now, written to the model.
 *
 * <pre>{@code
 * Host h = engine.run(HostInfoAction.plan(model, settings, host, new HostInfoRequest("host-a")));
 * }</pre>
 */
public final class HostInfoAction {
    private HostInfoAction() {
    }

    public static Action<Host> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, HostInfoRequest req) {
        VmPlans.checkHost(req, req.host(), host);
        return Action.<Host>builder(HostInfoRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(req)
                .timeout(s.actionTimeout())
                .step(Step.of(NODE, new GetNodeInfo(host.driver())).withRetry(s.retry()))
                .step(Step.of(RUNNING, new HostRunningInfo(host.driver())).withRetry(s.retry()))
                .sync(r -> model.putHost(toHost(host, r.get(NODE), r.get(RUNNING))))
                .result(r -> model.host(host.name()).orElseThrow())
                .build();
    }

    static Host toHost(LibvirtHost host, NodeInfo node, HostRunningInfo.Result running) {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("nodes", Integer.toString(node.nodes()));
        attrs.put("sockets", Integer.toString(node.sockets()));
        attrs.put("cores", Integer.toString(node.cores()));
        attrs.put("threads", Integer.toString(node.threads()));
        attrs.put("activeVms", Integer.toString(running.activeVms()));
        attrs.put("definedVms", Integer.toString(running.definedVms()));
        return new Host(host.name(), host.driver().uri(), HostState.UP, node.cpuModel(), node.cpus(), node.mhz(),
                node.memoryKiB(), running.stats().map(NodeStats::memFreeKiB).orElse(0L), attrs);
    }
}
