package org.iaasengine.libvirt.sync;

import java.time.Duration;
import java.util.function.Supplier;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.spec.InitModelRequest;
import org.iaasengine.model.ResourceKey;

/** The plan of {@link HostMonitor#initModelAction()}: one step, the monitor's full reconcile, retried on TRANSIENT. */
final class InitModelPlan {
    private static final Key<SyncReport> REPORT = Key.of("report", SyncReport.class);

    private InitModelPlan() {
    }

    static Action<SyncReport> of(LibvirtHost host, Supplier<SyncReport> initModel) {
        return Action.<SyncReport>builder(InitModelRequest.ACTION, ResourceKey.host(host.name()).toString())
                .request(new InitModelRequest(host.name(), host.driver().uri()))
                .timeout(Duration.ofMinutes(2))
                .step(Step.of(REPORT, Command.reading("InitModel", ctx -> initModel.get()))
                        .withRetry(Retry.builder().maxAttempts(3).backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                                .retryOn(FailureCategory.TRANSIENT).build()))
                .resultFrom(REPORT)
                .build();
    }
}
