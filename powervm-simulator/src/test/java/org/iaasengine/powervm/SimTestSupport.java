package org.iaasengine.powervm;

import java.time.Duration;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Retry;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.storage.SspDiskDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh simulator, client, model and engine per test, with the two simulated hosts and their disk
 * drivers. Retries are quick (5 ms apart, 3 attempts) so failure paths run fast.
 */
public abstract class SimTestSupport {
    protected static final Retry FAST_RETRY = Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(5))
            .jitter(0).retryOn(FailureCategory.TRANSIENT).build();
    protected static final ImageRef IMAGE = new ImageRef("rhel9", 10);

    protected PowerVmSimulator sim;
    protected PowerVmClient client;
    protected ResourceModel model;
    protected Engine engine;
    protected PowerVmHost hostA;
    protected PowerVmHost hostB;
    protected DiskDriver localA;
    protected DiskDriver sspA;

    protected PowerVmSimulator.Builder simulator() {
        return PowerVmSimulator.builder();
    }

    @BeforeEach
    protected void startSimulator() {
        sim = simulator().start();
        client = PowerVmClient.connect(sim.config().build());
        model = new ResourceModel();
        engine = Engine.builder().workers(2).defaultActionTimeout(Duration.ofSeconds(30)).build();
        PowerVmHost.Timeouts timeouts = new PowerVmHost.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(20));
        hostA = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a", sim.viosUuid("vios-a"), model)
                .withRetry(FAST_RETRY).withTimeouts(timeouts);
        hostB = PowerVmHost.of("sim-b", client, sim.systemUuid("sim-b"), "sim-b", sim.viosUuid("vios-b"), model)
                .withRetry(FAST_RETRY).withTimeouts(timeouts);
        localA = new LocalDiskDriver(client, sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
        sspA = new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-a"));
    }

    @AfterEach
    protected void stopSimulator() {
        engine.close(Duration.ofSeconds(5));
        client.close();
        sim.close();
    }

    protected static SpawnRequest spawnRequest(String name) {
        return new SpawnRequest(name, 2048, 0.5, 1, 100, IMAGE, 20);
    }

    protected long countMatching(String regex) {
        return sim.requests().stream().filter(r -> r.matches(regex)).count();
    }

    protected long count(String requestPrefix) {
        return sim.requests().stream().filter(r -> r.startsWith(requestPrefix)).count();
    }
}
