package org.iaasengine.libvirt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.model.VmStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The instance monitor's named lifecycle events and its recovery of stuck VMs, against libvirt's
 * test driver in process, on a manual scheduler and a clock the test moves.
 */
class HostMonitorLifecycleTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Duration CHECK = Duration.ofSeconds(30);
    private static final Duration DEADLINE = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    private LibvirtJavaDriver driver;
    private ResourceModel model;
    private ManualScheduler scheduler;
    private MovingClock clock;
    private HostMonitor monitor;
    private final List<LifecycleEvents.LifecycleEvent> events = new CopyOnWriteArrayList<>();

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        driver = LibvirtJavaDriver.open("test:///default");
        LibvirtHost host = LibvirtHost.builder("test-host", driver).domainType("test")
                .store(DefinitionStore.open(dir.resolve("definitions"))).build();
        model = new ResourceModel();
        scheduler = new ManualScheduler();
        clock = new MovingClock();
        monitor = HostMonitor.builder(host, model).scheduler(scheduler).clock(clock).reconcileInterval(Duration.ZERO)
                .rebootWindow(Duration.ZERO).stuckCheckInterval(CHECK).stuckDeadline(DEADLINE).build();
        monitor.addLifecycleListener(events::add);
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        driver.close();
    }

    private void settle() throws InterruptedException {
        assertThat(monitor.awaitIdle(WAIT)).as("the monitor applied everything queued").isTrue();
    }

    private void awaitEvents(int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (events.size() < n) {
            assertThat(System.nanoTime()).as("%s lifecycle events in time (have %s)", n, events).isLessThan(deadline);
            monitor.awaitIdle(Duration.ofMillis(50));
        }
        settle();
    }

    private Vm vm() {
        return model.vm("test").orElseThrow();
    }

    /** One stuck check: the timer fires, the monitor's thread looks. */
    private void tick() throws InterruptedException {
        scheduler.advance(CHECK);
        settle();
    }

    @Test
    void aDestroyIsInstanceTurnedOffAndAStartInstanceTurnedOnWithLibvirtsReason() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        assertThat(vm().status()).isEqualTo(VmStatus.ONLINE);

        driver.destroy("test");
        awaitEvents(1);
        assertThat(events.get(0)).isInstanceOfSatisfying(LifecycleEvents.InstanceTurnedOff.class, e -> {
            assertThat(e.reason()).isEqualTo("STOPPED_DESTROYED");
            assertThat(e.from()).isEqualTo(VmState.RUNNING);
            assertThat(e.to()).isEqualTo(VmState.SHUTOFF);
            assertThat(e.at()).isEqualTo(clock.instant());
        });
        assertThat(vm()).extracting(Vm::state, Vm::status).containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);

        driver.start("test", false);
        awaitEvents(2);
        assertThat(events.get(1)).isInstanceOfSatisfying(LifecycleEvents.InstanceTurnedOn.class,
                e -> assertThat(e.reason()).isEqualTo("STARTED_BOOTED"));
        assertThat(vm()).extracting(Vm::state, Vm::status).containsExactly(VmState.RUNNING, VmStatus.ONLINE);
    }

    @Test
    void theFirstStartOfAVmACreatePutInTheModelIsInstanceStartedEvenWhenItsEventComesAfterTheRelease()
            throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        driver.destroy("test");
        awaitEvents(1);
        // A create claims the VM (CREATING) and releases it before libvirt's STARTED event is applied.
        model.claim("test", "create-1", VmState.CREATING);
        model.release("test", "create-1", v -> v.toBuilder().state(VmState.RUNNING).build());
        driver.start("test", false);
        awaitEvents(2);
        assertThat(events.get(1)).isInstanceOfSatisfying(LifecycleEvents.InstanceStarted.class,
                e -> assertThat(e.reason()).isEqualTo("STARTED_BOOTED"));
        // Only the first: a later start is instance_turnedon.
        driver.destroy("test");
        awaitEvents(3);
        driver.start("test", false);
        awaitEvents(4);
        assertThat(events.get(3)).isInstanceOf(LifecycleEvents.InstanceTurnedOn.class);
    }

    @Test
    void aVmLeftStoppingByAnActionPastTheDeadlineIsForcedOffAndTakenFromIt() throws Exception {
        monitor.initModel();
        model.claim("test", "action-that-died", VmState.STOPPING);
        monitor.start();
        settle();
        tick(); // first seen STOPPING now
        clock.advance(DEADLINE.minusSeconds(1));
        tick();
        assertThat(driver.lookup("test").orElseThrow().state()).as("not yet: 1 s before the deadline")
                .isEqualTo(DomainState.RUNNING);
        assertThat(events).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        tick();
        awaitEvents(1);
        assertThat(events).filteredOn(e -> e instanceof LifecycleEvents.FaultInstance).singleElement()
                .isInstanceOfSatisfying(LifecycleEvents.FaultInstance.class, f -> {
                    assertThat(f.reason()).isEqualTo("STUCK_STOPPING");
                    assertThat(f.recovery()).isEqualTo(LifecycleEvents.Recovery.FORCED_OFF);
                    assertThat(f.from()).isEqualTo(VmState.STOPPING);
                    assertThat(f.to()).isEqualTo(VmState.SHUTOFF);
                    assertThat(f.detail()).contains("action-that-died", "forced off");
                });
        assertThat(driver.lookup("test").orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(vm()).extracting(Vm::state, Vm::status, Vm::owner)
                .containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE, null);
        // The late action's release changes nothing: it no longer owns the VM.
        model.release("test", "action-that-died", v -> v.withState(VmState.RUNNING));
        assertThat(vm().state()).isEqualTo(VmState.SHUTOFF);
    }

    @Test
    void aVmHaltingPastTheDeadlineIsHaltedAndTheEventSaysTheGuestIgnoredThePowerButton() throws Exception {
        monitor.initModel();
        model.update(m -> m.putVm(m.vm("test").orElseThrow().withState(VmState.HALTING)));
        monitor.start();
        settle();
        assertThat(vm()).as("a reconcile keeps HALTING while the host runs it").extracting(Vm::state, Vm::status)
                .containsExactly(VmState.HALTING, VmStatus.ONLINE);
        tick();
        clock.advance(DEADLINE);
        tick();
        awaitEvents(1);
        assertThat(events).filteredOn(e -> e instanceof LifecycleEvents.FaultInstance).singleElement()
                .isInstanceOfSatisfying(LifecycleEvents.FaultInstance.class, f -> {
                    assertThat(f.reason()).isEqualTo("STUCK_HALTING");
                    assertThat(f.recovery()).isEqualTo(LifecycleEvents.Recovery.HALTED);
                    assertThat(f.to()).isEqualTo(VmState.SHUTOFF);
                    assertThat(f.detail()).contains("ignored the power button");
                });
        assertThat(vm()).extracting(Vm::state, Vm::status).containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);
    }

    @Test
    void aVmThatLeavesTheModelIsInstanceTerminated() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        String uuid = vm().uuid();
        model.removeVm("test");
        awaitEvents(1);
        assertThat(events.get(0)).isEqualTo(
                new LifecycleEvents.InstanceTerminated("test-host", "test", uuid, clock.instant()));
    }
}
