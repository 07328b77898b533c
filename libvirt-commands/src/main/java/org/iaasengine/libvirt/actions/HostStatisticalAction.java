package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.FIRST;
import static org.iaasengine.libvirt.actions.VmPlans.SECOND;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.SampleNodeStats;
import org.iaasengine.libvirt.driver.NodeStats;
import org.iaasengine.libvirt.spec.HostStatisticalRequest;
import org.iaasengine.model.ResourceKey;

/**
 * HostStatistical: CPU and memory use between two samples {@code interval} apart (more than 0, at
 * most 10 minutes).
 *
 * <pre>{@code
 * HostStatistics st = engine.run(HostStatisticalAction.plan(settings, host,
 *         new HostStatisticalRequest("host-a", Duration.ofSeconds(1))));
 * }</pre>
 */
public final class HostStatisticalAction {
    private HostStatisticalAction() {
    }

    public static Action<HostStatistics> plan(LibvirtSettings s, LibvirtHost host, HostStatisticalRequest req) {
        Duration interval = req.interval();
        InvalidInputException.check(interval != null && !interval.isNegative() && !interval.isZero()
                && interval.compareTo(Duration.ofMinutes(10)) <= 0,
                "statistics interval must be between 0 and 10 minutes, was %s", interval);
        VmPlans.checkHost(req, req.host(), host);
        return Action.<HostStatistics>builder(HostStatisticalRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(req)
                .timeout(s.actionTimeout().plus(interval))
                .step(Step.of(FIRST, new SampleNodeStats(host.driver(), Duration.ZERO)).withRetry(s.retry()))
                .step(Step.of(SECOND, new SampleNodeStats(host.driver(), interval)).withRetry(s.retry()))
                .result(r -> statistics(host.name(), r.get(FIRST), r.get(SECOND)))
                .build();
    }

    static HostStatistics statistics(String host, SampleNodeStats.Sample first, SampleNodeStats.Sample second) {
        NodeStats a = first.stats();
        NodeStats b = second.stats();
        long total = b.cpuTotalNanos() - a.cpuTotalNanos();
        long idle = (b.cpuIdleNanos() - a.cpuIdleNanos()) + (b.cpuIowaitNanos() - a.cpuIowaitNanos());
        double usage = total <= 0 ? 0.0 : Math.max(0.0, Math.min(1.0, 1.0 - (double) idle / total));
        long used = b.memTotalKiB() - b.memFreeKiB() - b.memBuffersKiB() - b.memCachedKiB();
        return new HostStatistics(host, usage, b.memTotalKiB(), Math.max(0, used), b.memFreeKiB(),
                Duration.ofNanos(second.takenNanos() - first.takenNanos()));
    }
}
