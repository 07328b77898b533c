package org.iaasengine.libvirt.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.Engine;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.InitModelRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.model.HostState;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against libvirt's test driver opened in process (no daemon): reconcile rules, drift,
 * ownership, events, reboot coalescing and the periodic reconcile on a manual scheduler.
 */
class HostMonitorTest {
    private static final String HOST = "test-host";
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private LibvirtJavaDriver driver;
    private LibvirtHost host;
    private ResourceModel model;
    private ManualScheduler scheduler;
    private HostMonitor monitor;
    private final List<DriftEvent> drift = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        driver = LibvirtJavaDriver.open("test:///default");
        host = hostOn(DefinitionStore.open(dir.resolve("definitions")));
        model = new ResourceModel();
        scheduler = new ManualScheduler();
        monitor = monitor(model, host);
    }

    private LibvirtHost hostOn(DefinitionStore store) {
        return LibvirtHost.builder(HOST, driver).domainType("test").store(store).build();
    }

    private HostMonitor monitor(ResourceModel m, LibvirtHost h) {
        HostMonitor mon = HostMonitor.builder(h, m).scheduler(scheduler).reconcileInterval(Duration.ofMinutes(1))
                .rebootWindow(Duration.ofMillis(500)).stuckCheckInterval(Duration.ZERO).build();
        mon.addDriftListener(drift::add);
        return mon;
    }

    @AfterEach
    void tearDown() {
        monitor.close();
        driver.close();
    }

    private static String xml(String name, String uuid, String mac) {
        return "<domain type='test'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='MiB'>64</memory><vcpu>2</vcpu><os><type>hvm</type></os>"
                + "<devices><interface type='user'><mac address='" + mac + "'/></interface></devices></domain>";
    }

    /** Stores a definition the library would have written for {@code name}; returns it. */
    private StoredDefinition store(String name, Lifecycle lifecycle, String ip) {
        String uuid = UUID.randomUUID().toString();
        StoredDefinition d = new StoredDefinition(name, uuid, HOST, lifecycle, "base.qcow2", List.of(), ip,
                xml(name, uuid, "52:54:00:00:00:" + String.format("%02x", Math.abs(name.hashCode()) % 256)));
        host.store().put(d);
        return d;
    }

    private Vm vm(String name) {
        return model.vm(name).orElseThrow(() -> new AssertionError("vm " + name + " is not in the model"));
    }

    private void settle() throws InterruptedException {
        assertThat(monitor.awaitIdle(WAIT)).as("the monitor applied everything queued").isTrue();
    }

    /** Polls (events come from libvirt's event thread) until the monitor applied the awaited change. */
    private void awaitModel(java.util.function.Predicate<ResourceModel> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.test(model)) {
            assertThat(System.nanoTime()).as("model reached the expected state in time").isLessThan(deadline);
            monitor.awaitIdle(Duration.ofMillis(50));
            Thread.onSpinWait();
        }
    }

    // ---------------------------------------------------------------- full reconcile

    @Test
    void initModelWritesHostRunningVmsAndStoredShutOffVms() {
        StoredDefinition running = store("unit-running", Lifecycle.TRANSIENT, "10.0.0.5");
        driver.create(running.domainXml(), false);
        store("unit-off", Lifecycle.TRANSIENT, "10.0.0.6");

        SyncReport r = monitor.initModel();

        assertThat(model.host(HOST)).get().satisfies(h -> {
            assertThat(h.state()).isEqualTo(HostState.UP);
            assertThat(h.cpus()).isEqualTo(16);
            assertThat(h.attributes()).containsEntry("activeVms", "2");
        });
        assertThat(vm("unit-running")).satisfies(v -> {
            assertThat(v.state()).isEqualTo(VmState.RUNNING);
            assertThat(v.uuid()).isEqualTo(running.uuid());
            assertThat(v.vcpus()).isEqualTo(2);
            assertThat(v.memoryKiB()).isEqualTo(64 * 1024);
            assertThat(v.macs()).hasSize(1);
            assertThat(v.ip()).isEqualTo("10.0.0.5");
            assertThat(v.definitionRef()).endsWith(running.uuid() + ".xml");
        });
        assertThat(vm("unit-off").state()).isEqualTo(VmState.SHUTOFF);
        assertThat(vm("unit-off").ip()).isEqualTo("10.0.0.6");
        // the test driver's own domain "test" was not created by the library: adopted
        assertThat(vm("test").state()).isEqualTo(VmState.RUNNING);
        assertThat(r.drift()).extracting(DriftEvent::vm, DriftEvent::kind)
                .containsExactly(tuple("test", DriftEvent.Kind.ADOPTED));
        assertThat(r.listed()).isEqualTo(2);
        assertThat(r.storedOnly()).isEqualTo(1);
        assertThat(r.vms()).isEqualTo(3);
        assertThat(drift).isEqualTo(r.drift());
    }

    @Test
    void aSecondReconcileFindsNoDriftAndReusesTheCachedFacts() {
        store("unit-off", Lifecycle.TRANSIENT, null);
        monitor.initModel();
        long version = model.version();
        int cached = monitor.cachedFacts();

        SyncReport again = monitor.initModel();

        assertThat(again.drift()).isEmpty();
        assertThat(monitor.cachedFacts()).isEqualTo(cached).isEqualTo(2);
        assertThat(model.version()).as("nothing changed but the host's reading").isLessThanOrEqualTo(version + 1);
    }

    @Test
    void vanishedVmIsMarkedOffWhenItsDefinitionIsStoredAndRemovedOtherwise() {
        StoredDefinition kept = store("unit-kept", Lifecycle.TRANSIENT, null);
        driver.create(kept.domainXml(), false);
        driver.create(xml("unit-foreign", UUID.randomUUID().toString(), "52:54:00:00:01:01"), false);
        monitor.initModel();
        drift.clear();

        driver.destroy("unit-kept");
        driver.destroy("unit-foreign");
        SyncReport r = monitor.initModel();

        assertThat(vm("unit-kept").state()).isEqualTo(VmState.SHUTOFF);
        assertThat(model.vm("unit-foreign")).isEmpty();
        assertThat(r.drift()).extracting(DriftEvent::vm, DriftEvent::kind, DriftEvent::from, DriftEvent::to)
                .containsExactlyInAnyOrder(
                        tuple("unit-kept", DriftEvent.Kind.MARKED_OFF, VmState.RUNNING, VmState.SHUTOFF),
                        tuple("unit-foreign", DriftEvent.Kind.REMOVED, VmState.RUNNING, null));
        assertThat(r.drift()).allSatisfy(d -> assertThat(d.cause()).isEqualTo("init-model"));
    }

    @Test
    void stateChangedBehindTheModelsBackIsCorrectedAndReported() {
        monitor.initModel();
        driver.suspend("test");

        SyncReport r = monitor.initModel();

        assertThat(vm("test").state()).isEqualTo(VmState.PAUSED);
        assertThat(r.drift()).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.STATE_CORRECTED);
            assertThat(d.from()).isEqualTo(VmState.RUNNING);
            assertThat(d.to()).isEqualTo(VmState.PAUSED);
            assertThat(d.host()).isEqualTo(HOST);
        });
    }

    @Test
    void vmOnAnotherHostInTheModelIsReportedMovedHere() {
        model.putVm(Vm.builder("test").host("elsewhere").state(VmState.RUNNING).build());
        SyncReport r = monitor.initModel();
        assertThat(vm("test").host()).isEqualTo(HOST);
        assertThat(r.drift()).extracting(DriftEvent::kind).containsExactly(DriftEvent.Kind.MOVED);
    }

    @Test
    void ownedVmsKeepTheirTransitionalStateAndAPlaceholderIsNotRemoved() {
        monitor.initModel();
        model.claim("test", "action-1", VmState.STOPPING);
        model.putVm(Vm.builder("unit-creating").host(HOST).state(VmState.CREATING).owner("action-2").build());
        driver.suspend("test");

        SyncReport r = monitor.initModel();

        assertThat(vm("test").state()).isEqualTo(VmState.STOPPING);
        assertThat(vm("test").owner()).isEqualTo("action-1");
        assertThat(vm("unit-creating").state()).isEqualTo(VmState.CREATING);
        assertThat(r.drift()).isEmpty();
    }

    @Test
    void restartOfTheHostApplicationBringsShutDownVmsBackFromTheStore() {
        StoredDefinition d = store("unit-restart", Lifecycle.TRANSIENT, "10.0.0.9");
        monitor.initModel();
        monitor.close();

        ResourceModel fresh = new ResourceModel();
        LibvirtHost reopened = hostOn(DefinitionStore.open(dir.resolve("definitions")));
        monitor = monitor(fresh, reopened);
        monitor.initModel();

        assertThat(fresh.vm("unit-restart")).get().satisfies(v -> {
            assertThat(v.state()).isEqualTo(VmState.SHUTOFF);
            assertThat(v.uuid()).isEqualTo(d.uuid());
            assertThat(v.ip()).isEqualTo("10.0.0.9");
            assertThat(v.vcpus()).isEqualTo(2);
        });
    }

    @Test
    void initModelIsAnEngineActionOnTheHostsKey() {
        var action = monitor.initModelAction();
        assertThat(action.name()).isEqualTo("init-model");
        assertThat(action.resourceKey()).isEqualTo("host:" + HOST);
        assertThat(action.request()).contains(new InitModelRequest(HOST, "test:///default"));
        try (Engine engine = Engine.builder().workers(2).build()) {
            SyncReport r = engine.run(action);
            assertThat(r.host()).isEqualTo(HOST);
        }
        assertThat(model.vm("test")).isPresent();
    }

    // ---------------------------------------------------------------- events

    @Test
    void lifecycleEventsUpdateTheModelAndAreReportedAsDrift() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        drift.clear();

        driver.suspend("test");
        awaitModel(m -> m.vm("test").map(Vm::state).orElse(null) == VmState.PAUSED);
        driver.resume("test");
        awaitModel(m -> m.vm("test").map(Vm::state).orElse(null) == VmState.RUNNING);
        driver.destroy("test");
        awaitModel(m -> m.vm("test").map(Vm::state).orElse(null) == VmState.SHUTOFF);

        assertThat(drift).extracting(DriftEvent::kind, DriftEvent::to, DriftEvent::cause).containsExactly(
                tuple(DriftEvent.Kind.STATE_CORRECTED, VmState.PAUSED, "event SUSPENDED paused"),
                tuple(DriftEvent.Kind.STATE_CORRECTED, VmState.RUNNING, "event RESUMED unpaused"),
                tuple(DriftEvent.Kind.STATE_CORRECTED, VmState.SHUTOFF, "event STOPPED destroyed"));
    }

    @Test
    void definedAndUndefinedDomainsAreAdoptedAndRemoved() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        drift.clear();

        driver.define(xml("unit-defined", UUID.randomUUID().toString(), "52:54:00:00:02:01"));
        awaitModel(m -> m.vm("unit-defined").isPresent());
        assertThat(vm("unit-defined").state()).isEqualTo(VmState.SHUTOFF);
        assertThat(vm("unit-defined").macs()).containsExactly("52:54:00:00:02:01");
        driver.undefine("unit-defined");
        awaitModel(m -> m.vm("unit-defined").isEmpty());

        assertThat(drift).extracting(DriftEvent::vm, DriftEvent::kind).containsExactly(
                tuple("unit-defined", DriftEvent.Kind.ADOPTED), tuple("unit-defined", DriftEvent.Kind.REMOVED));
    }

    @Test
    void aStopFollowedByAStartWithinTheWindowIsAReboot() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        drift.clear();
        List<VmState> seen = new CopyOnWriteArrayList<>();
        model.addListener(c -> {
            if (c instanceof org.iaasengine.model.ModelChange.VmUpdated u && u.after().name().equals("test")) {
                seen.add(u.after().state());
            }
        });

        driver.shutdown("test", ShutdownMode.DEFAULT);   // the test driver stops it at once: STOPPED shutdown
        awaitHeldStop();
        assertThat(vm("test").state()).as("the stop is held back").isEqualTo(VmState.RUNNING);
        driver.start("test", false);
        awaitModel(m -> !drift.isEmpty());
        settle();

        assertThat(drift).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(DriftEvent.Kind.REBOOTED);
            assertThat(d.cause()).isEqualTo("event STOPPED shutdown then event STARTED booted");
        });
        assertThat(vm("test").state()).isEqualTo(VmState.RUNNING);
        assertThat(seen).doesNotContain(VmState.SHUTOFF);
        assertThat(scheduler.pending()).as("only the periodic reconcile is scheduled").isEqualTo(1);
    }

    @Test
    void aStopWithoutAStartIsAppliedWhenTheWindowEnds() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        drift.clear();

        driver.shutdown("test", ShutdownMode.DEFAULT);
        awaitHeldStop();
        assertThat(vm("test").state()).isEqualTo(VmState.RUNNING);
        scheduler.advance(Duration.ofMillis(500));
        settle();

        assertThat(vm("test").state()).isEqualTo(VmState.SHUTOFF);
        assertThat(drift).extracting(DriftEvent::kind, DriftEvent::cause)
                .containsExactly(tuple(DriftEvent.Kind.STATE_CORRECTED, "event STOPPED shutdown"));
    }

    /** Waits until the monitor has scheduled the reboot window of a held stop. */
    private void awaitHeldStop() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (scheduler.pending() < 2) {
            assertThat(System.nanoTime()).as("the stop was held").isLessThan(deadline);
            monitor.awaitIdle(Duration.ofMillis(50));
            Thread.onSpinWait();
        }
        settle();
    }

    @Test
    void aDestroyIsNotHeldByDefault() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        driver.destroy("test");
        awaitModel(m -> m.vm("test").map(Vm::state).orElse(null) == VmState.SHUTOFF);
        assertThat(scheduler.pending()).isEqualTo(1);
    }

    @Test
    void releaseByAnActionMakesTheMonitorReReadTheVm() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        List<org.iaasengine.libvirt.driver.DomainEvent> seenByTest = new CopyOnWriteArrayList<>();
        try (AutoCloseable after = driver.subscribe(seenByTest::add)) {   // called after the monitor's
            model.claim("test", "action-1", VmState.RESUMING);
            driver.suspend("test");
            awaitModel(m -> !seenByTest.isEmpty());
            settle();
        }
        assertThat(vm("test").state()).as("owned: the event does not overwrite").isEqualTo(VmState.RESUMING);

        model.release("test", "action-1", v -> v.withState(VmState.RUNNING));   // a stale final form
        awaitModel(m -> m.vm("test").map(Vm::state).orElse(null) == VmState.PAUSED);
        assertThat(drift).last().extracting(DriftEvent::cause).asString().startsWith("released by action action-1");
    }

    @Test
    void thePeriodicReconcileCorrectsWhatNoEventSaid() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        drift.clear();
        model.putVm(vm("test").withState(VmState.PAUSED));   // a wrong write, no event from the host

        scheduler.advance(Duration.ofMinutes(1));
        settle();

        assertThat(vm("test").state()).isEqualTo(VmState.RUNNING);
        assertThat(drift).extracting(DriftEvent::kind, DriftEvent::cause)
                .containsExactly(tuple(DriftEvent.Kind.STATE_CORRECTED, "reconcile periodic"));
        assertThat(scheduler.pending()).as("the next one is scheduled").isEqualTo(1);
    }

    @Test
    void closeStopsFollowingTheHost() throws Exception {
        monitor.initModel();
        monitor.start();
        settle();
        monitor.close();
        driver.suspend("test");
        assertThat(driver.state("test").state()).isEqualTo(DomainState.PAUSED);
        assertThat(vm("test").state()).isEqualTo(VmState.RUNNING);
        assertThat(scheduler.pending()).isZero();
        monitor.close();
    }

    @Test
    void hostAndDriftEventsAreValuesThatCompareByContent() {
        DriftEvent a = new DriftEvent(HOST, "vm", null, DriftEvent.Kind.REMOVED, VmState.RUNNING, null, "x",
                java.time.Instant.EPOCH);
        assertThat(a).isEqualTo(new DriftEvent(HOST, "vm", null, DriftEvent.Kind.REMOVED, VmState.RUNNING, null,
                "x", java.time.Instant.EPOCH));
        assertThat(Set.of(a)).hasSize(1);
    }
}
