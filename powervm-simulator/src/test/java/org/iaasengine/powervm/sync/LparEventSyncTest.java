package org.iaasengine.powervm.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.ManualScheduler;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.rest.Paths;
import org.junit.jupiter.api.Test;

class LparEventSyncTest extends SimTestSupport {

    @Test
    void eventsAboutLparsKeepTheModelTrue() {
        LparEventSync sync = new LparEventSync(hostA);
        sync.pollOnce(); // NEW_CLIENT: a full read of an empty host
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sync.pollOnce();

        sim.setLparState("web1", "error");
        sync.pollOnce();
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.CRASHED);

        sim.setLparState("web1", "not activated");
        client.delete(Paths.lpar(sim.lparUuid("web1").orElseThrow()));
        sync.pollOnce();
        assertThat(model.vm("web1")).isEmpty();
    }

    @Test
    void aVmOwnedByAnActionKeepsItsTransitionalState() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        LparEventSync sync = new LparEventSync(hostA);
        sync.pollOnce();
        model.claim("web1", "some-action", VmState.STOPPING);

        sim.setLparState("web1", "not activated");
        sync.pollOnce();

        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.STOPPING);
    }

    @Test
    void afterAFailedReadTheNextWaitsOnTheSchedulerAndTheThreadEndsWithClose() throws Exception {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        ManualScheduler clock = new ManualScheduler();
        sim.faults().internalError("GET", "^Event", 3);
        CountDownLatch crashed = new CountDownLatch(1);
        model.addListener(c -> {
            if (model.vm("web1").map(vm -> vm.state() == VmState.CRASHED).orElse(false)) {
                crashed.countDown();
            }
        });
        LparEventSync sync = new LparEventSync(hostA, clock);
        sync.start();

        for (Duration wait : List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4))) {
            assertThat(clock.awaitPending(1, Duration.ofSeconds(10))).isTrue();
            assertThat(clock.delays()).last().isEqualTo(wait);
            assertThat(countMatching("GET uom/Event")).isEqualTo(clock.delays().size());
            clock.advance(wait);
        }
        sim.setLparState("web1", "error");

        assertThat(crashed.await(10, TimeUnit.SECONDS)).as("the change came through the feed").isTrue();
        assertThat(clock.delays()).hasSize(3);
        assertThat(syncThreads()).hasSize(1);
        sync.close();
        assertThat(sync.isRunning()).isFalse();
        assertThat(syncThreads()).isEmpty();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void closeDuringABackoffCancelsTheWait() throws Exception {
        ManualScheduler clock = new ManualScheduler();
        sim.faults().internalError("GET", "^Event", 100);
        LparEventSync sync = new LparEventSync(hostA, clock);
        sync.start();
        assertThat(clock.awaitPending(1, Duration.ofSeconds(10))).isTrue();

        sync.close();

        assertThat(clock.pending()).isZero();
        assertThat(syncThreads()).isEmpty();
        long reads = countMatching("GET uom/Event");
        clock.advance(Duration.ofMinutes(5));
        assertThat(countMatching("GET uom/Event")).isEqualTo(reads);
    }

    private static Set<String> syncThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("iaas-powervm-events-sim-a")).collect(Collectors.toSet());
    }
}
