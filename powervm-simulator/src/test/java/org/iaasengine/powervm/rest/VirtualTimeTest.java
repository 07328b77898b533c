package org.iaasengine.powervm.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.ManualScheduler;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.iaasengine.model.ResourceModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client's waits on a manual scheduler: job polls, etag retries and the jobs of commands run by
 * an engine that was given the scheduler. Nothing here waits in real time for a poll: the thread
 * that waits parks until the test moves the clock, and the test counts the requests in between.
 */
class VirtualTimeTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final ManualScheduler clock = new ManualScheduler();
    private final PowerVmSimulator sim = PowerVmSimulator.builder().jobPolls(3).start();
    private final PowerVmClient client = PowerVmClient.connect(sim.config().jobPollInterval(POLL)
            .etagRetryDelay(Duration.ofMillis(250)).build(), clock);

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private static <T> CompletableFuture<T> onThread(Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "virtual-time-test");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private String newLpar() {
        return client.create(Paths.lpars(sim.systemUuid("sim-a")), LogicalPartition.create("vt1", 1024, 0.1, 1))
                .value().uuid();
    }

    private long jobReads() {
        return sim.requests().stream().filter(r -> r.matches("GET uom/jobs/\\d+")).count();
    }

    @Test
    void aJobIsReadOncePerPollIntervalOfTheSchedulerUntilItEnds() throws Exception {
        String lpar = newLpar();
        CompletableFuture<String> status = onThread(() -> client.runJob(Paths.lpar(lpar), "PowerOn", Map.of(),
                JobOptions.timeout(Duration.ofMinutes(5))).status);

        for (int poll = 1; poll <= 4; poll++) {
            assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
            assertThat(jobReads()).isEqualTo(poll - 1);
            clock.advance(POLL.minusMillis(1));
            assertThat(jobReads()).as("no read before the interval has passed").isEqualTo(poll - 1);
            clock.advance(Duration.ofMillis(1));
        }

        assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo("COMPLETED_OK");
        assertThat(jobReads()).isEqualTo(4); // three RUNNING, then the end
        assertThat(clock.delays()).containsOnly(POLL).hasSize(4);
    }

    @Test
    void aJobStillRunningWhenItsTimeIsUpIsCancelledAfterTheLastLook() throws Exception {
        String lpar = newLpar();
        sim.faults().holdJobs("PowerOn");
        CompletableFuture<PowerVmException> failure = onThread(() -> {
            try {
                client.runJob(Paths.lpar(lpar), "PowerOn", Map.of(), JobOptions.timeout(Duration.ofSeconds(5)));
                return null;
            } catch (PowerVmException e) {
                return e;
            }
        });

        for (int i = 0; i < 5; i++) {
            assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
            clock.advance(POLL);
        }

        PowerVmException e = failure.get(10, TimeUnit.SECONDS);
        assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(jobReads()).isEqualTo(5);
        assertThat(sim.cancelledJobs()).hasSize(1);
        assertThat(clock.pending()).isZero();
    }

    @Test
    void aStaleEtagIsReadAgainAfterTheConfiguredWaitOnTheScheduler() throws Exception {
        String vg = Paths.volumeGroup(sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
        sim.faults().etagConflict("VolumeGroup", 2);
        CompletableFuture<Entry<VolumeGroup>> written = onThread(() -> client.modify(vg, VolumeGroup.class,
                g -> g.virtualDisks.disks.add(VirtualDisk.of("d1", 1, null))));

        for (int conflict = 1; conflict <= 2; conflict++) {
            assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
            assertThat(sim.requests().stream().filter(r -> r.startsWith("POST"))).hasSize(conflict);
            clock.advance(Duration.ofMillis(250));
        }

        assertThat(written.get(10, TimeUnit.SECONDS).value().virtualDisks.disks).extracting(d -> d.diskName)
                .containsExactly("d1");
        assertThat(clock.delays()).containsExactly(Duration.ofMillis(250), Duration.ofMillis(250));
    }

    @Test
    void anInterruptWhileWaitingForAStaleEtagEndsTheUpdateCancelled() throws Exception {
        String vg = Paths.volumeGroup(sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
        sim.faults().etagConflict("VolumeGroup", 1);
        List<Thread> ranOn = new CopyOnWriteArrayList<>();
        CompletableFuture<Entry<VolumeGroup>> written = onThread(() -> {
            ranOn.add(Thread.currentThread());
            return client.modify(vg, VolumeGroup.class, g -> g.virtualDisks.disks.add(VirtualDisk.of("d1", 1, null)));
        });
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();

        ranOn.get(0).interrupt();

        assertThatThrownBy(() -> written.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(PowerVmException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED));
        assertThat(clock.awaitPending(0, PATIENCE)).isTrue();
        assertThat(sim.snapshot().virtualDisks()).isEmpty();
    }

    @Test
    void theJobsOfAnActionArePolledOnTheEnginesScheduler() throws Exception {
        ManualScheduler engineClock = new ManualScheduler();
        try (Engine engine = Engine.builder().workers(2).scheduler(engineClock).build()) {
            PowerVmHost host = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a",
                    sim.viosUuid("vios-a"), new ResourceModel());
            LocalDiskDriver disks = new LocalDiskDriver(client, sim.viosUuid("vios-a"),
                    sim.volumeGroupUuid("vios-a", "rootvg"));
            CompletableFuture<?> spawned = engine.submit(SpawnAction.plan(host, disks, new SpawnRequest("vt2", 2048,
                    0.5, 1, 100, new ImageRef("rhel9", 10), 20))).future();

            for (int poll = 1; poll <= 4; poll++) {
                assertThat(engineClock.awaitDelays(POLL, poll, PATIENCE)).as("poll %s", poll).isTrue();
                assertThat(jobReads()).isEqualTo(poll - 1);
                engineClock.advance(POLL);
            }
            spawned.get(10, TimeUnit.SECONDS);

            assertThat(jobReads()).isEqualTo(4);
            assertThat(clock.delays()).as("the client's own scheduler").isEmpty();
            assertThat(sim.snapshot().lpars()).containsEntry("vt2", "running");
        }
    }
}
