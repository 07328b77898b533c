package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.iaasengine.core.Engine;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.PowerOutcome;
import org.iaasengine.libvirt.spec.PowerResult;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.libvirt.sync.LifecycleEvents;
import org.iaasengine.libvirt.sync.LifecycleEvents.FaultInstance;
import org.iaasengine.libvirt.sync.LifecycleEvents.LifecycleEvent;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.model.VmStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wakame's power variants and the instance monitor on host 1's real libvirtd, once per driver (the
 * subclasses): each variant and its second run, a QEMU killed with SIGKILL, a soft power-off the
 * guest ignores (the firmware-only guest) halted by policy, a VM left STOPPING by a dead action
 * forced off, and the tiny real guest that powers off on the ACPI button. Domains are named
 * {@code iaas-pwr-<driver>-*}; nothing is left behind (checked).
 */
abstract class AbstractPowerIT {
    static final Path BASE = Path.of("/var/tmp/iaas-engine");
    static final Path GUEST = BASE.resolve("guest");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration STUCK_DEADLINE = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    private LibvirtDriver d1;
    private LibvirtHost host1;
    private Path storage;
    private ResourceModel model;
    private LibvirtActions actions;
    private Engine engine;
    private HostMonitor monitor;
    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();

    protected abstract LibvirtDriver open(String uri);

    protected abstract String prefix();

    @BeforeEach
    void setUp() throws IOException {
        d1 = open(RealHosts.HOST1);
        RealHosts.removeLeftovers(d1, name(""));
        storage = Files.createDirectories(BASE.resolve("storage").resolve("iaas-pwr-" + prefix() + "-" + System.nanoTime()));
        host1 = LibvirtHost.builder("host1", d1).domainType("qemu").templates(BASE.resolve("templates")).storage(storage)
                .store(DefinitionStore.open(tmp.resolve("definitions"))).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(2)).acpiResend(Duration.ofSeconds(1));
        engine = Engine.builder().workers(2).build();
        monitor = HostMonitor.builder(host1, model).reconcileInterval(Duration.ofMinutes(5))
                .stuckDeadline(STUCK_DEADLINE).stuckCheckInterval(Duration.ofMillis(200))
                .ownerAlive(id -> engine.active().stream().anyMatch(h -> h.id().equals(id))).build();
        monitor.addLifecycleListener(events::add);
    }

    @AfterEach
    void tearDown() throws IOException {
        monitor.close();
        engine.close();
        List<String> stillThere = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            stillThere.clear();
            for (DomainSummary s : d1.listDomains()) {
                if (s.name().startsWith(name(""))) {
                    quietly(() -> d1.destroy(s.name()));
                    quietly(() -> d1.undefine(s.name()));
                    stillThere.add(s.name());
                }
            }
        }
        d1.close();
        try (Stream<Path> files = Files.list(storage)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(storage);
        assertThat(stillThere).as("domains this suite left on host 1").isEmpty();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (DriverException ignored) {
            // gone already
        }
    }

    String name(String suffix) {
        return "iaas-pwr-" + prefix() + "-" + suffix;
    }

    private List<Path> storageFiles() throws IOException {
        try (Stream<Path> files = Files.list(storage)) {
            return files.toList();
        }
    }

    /** A guest with no OS from the base template: it sits in the firmware and ignores ACPI. */
    private Vm firmwareGuest(String n) {
        return engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2").memoryMiB(32)
                .lifecycle(Lifecycle.PERSISTENT).build()));
    }

    /** Starts the monitor and waits for its first reconcile, so that what the test does next comes after it. */
    private void startMonitor() throws InterruptedException {
        monitor.start();
        assertThat(org.iaasengine.libvirt.sync.MonitorTestAccess.awaitIdle(monitor, WAIT)).isTrue();
    }

    private Vm vm(String n) {
        return model.vm(n).orElseThrow();
    }

    private <T extends LifecycleEvent> T awaitEvent(Class<T> type, String vm) throws InterruptedException {
        assertThat(RealHosts.await(WAIT, () -> events.stream().anyMatch(e -> type.isInstance(e) && e.vm().equals(vm))))
                .as("a %s of %s (have %s)", type.getSimpleName(), vm, events).isTrue();
        return events.stream().filter(e -> type.isInstance(e) && e.vm().equals(vm)).map(type::cast).findFirst()
                .orElseThrow();
    }

    @Test
    void eachPowerVariantSaysWhatItDidAndASecondRunFindsItDone() throws Exception {
        String n = name("variants");
        Vm created = firmwareGuest(n);
        Path disk = storage.resolve(created.uuid() + ".qcow2");
        monitor.initModel();
        startMonitor();
        assertThat(vm(n)).extracting(Vm::state, Vm::status).containsExactly(VmState.RUNNING, VmStatus.ONLINE);

        PowerResult off = engine.run(actions.poweroff(host1, n));
        assertThat(off.outcome()).isEqualTo(PowerOutcome.POWERED_OFF);
        assertThat(off.after()).extracting(Vm::state, Vm::status).containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);
        assertThat(d1.state(n)).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED));
        assertThat(awaitEvent(LifecycleEvents.InstanceTurnedOff.class, n).reason()).isEqualTo("STOPPED_DESTROYED");
        assertThat(engine.run(actions.poweroff(host1, n)).outcome()).isEqualTo(PowerOutcome.WAS_OFF);

        PowerResult on = engine.run(actions.poweron(host1, n));
        assertThat(on.outcome()).isEqualTo(PowerOutcome.POWERED_ON);
        assertThat(on.after()).extracting(Vm::state, Vm::status).containsExactly(VmState.RUNNING, VmStatus.ONLINE);
        assertThat(awaitEvent(LifecycleEvents.InstanceTurnedOn.class, n).reason()).isEqualTo("STARTED_BOOTED");
        assertThat(engine.run(actions.poweron(host1, n)).outcome()).isEqualTo(PowerOutcome.WAS_ON);

        // stop: the firmware ignores ACPI, so the shutdown is forced after the 2 s grace; the host is released.
        PowerResult stopped = engine.run(actions.stop(host1, n));
        assertThat(stopped.outcome()).isEqualTo(PowerOutcome.STOPPED);
        assertThat(stopped.after()).extracting(Vm::state, Vm::host, Vm::status)
                .containsExactly(VmState.SHUTOFF, null, VmStatus.OFFLINE);
        assertThat(d1.lookup(n)).as("undefined on host 1").isEmpty();
        assertThat(host1.store().get(n).orElseThrow().host()).as("stored, placed nowhere").isNull();
        assertThat(disk).exists();
        monitor.initModel();
        assertThat(vm(n).host()).as("a reconcile of host 1 leaves the released VM alone").isNull();
        assertThat(engine.run(actions.stop(host1, n)).outcome()).isEqualTo(PowerOutcome.WAS_OFF);

        // poweron places it on host 1 again (defined from the stored definition) and starts it.
        PowerResult back = engine.run(actions.poweron(host1, n));
        assertThat(back.outcome()).isEqualTo(PowerOutcome.POWERED_ON);
        assertThat(back.after()).extracting(Vm::state, Vm::host).containsExactly(VmState.RUNNING, "host1");
        assertThat(d1.lookup(n)).get().extracting(DomainSummary::persistent, DomainSummary::state)
                .containsExactly(true, DomainState.RUNNING);
        assertThat(host1.store().get(n).orElseThrow().host()).isEqualTo("host1");

        PowerResult terminated = engine.run(actions.terminate(host1, n));
        assertThat(terminated.outcome()).isEqualTo(PowerOutcome.TERMINATED);
        assertThat(terminated.deletedFiles()).containsExactly(disk.toString());
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(model.vm(n)).isEmpty();
        assertThat(host1.store().get(n)).isEmpty();
        assertThat(storageFiles()).isEmpty();
        assertThat(awaitEvent(LifecycleEvents.InstanceTerminated.class, n).uuid()).isEqualTo(created.uuid());
        assertThat(engine.run(actions.terminate(host1, n)).outcome()).isEqualTo(PowerOutcome.WAS_GONE);
    }

    @Test
    void cleanupTearsTheDomainDownAndLeavesTheModelTheStoreAndTheDisks() throws Exception {
        String n = name("cleanup");
        Vm created = firmwareGuest(n);
        Vm before = vm(n);
        PowerResult r = engine.run(actions.cleanup(host1, n));
        assertThat(r.outcome()).isEqualTo(PowerOutcome.CLEANED_UP);
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(vm(n)).as("the model is not changed").isEqualTo(before);
        assertThat(host1.store().get(n)).isPresent();
        assertThat(storage.resolve(created.uuid() + ".qcow2")).exists();
        assertThat(engine.run(actions.cleanup(host1, n)).outcome()).isEqualTo(PowerOutcome.WAS_GONE);

        engine.run(actions.terminate(host1, n));
        assertThat(storageFiles()).isEmpty();
    }

    @Test
    void aQemuKilledWithSigkillIsAFaultInstanceWithLibvirtsReasonAndTheModelIsCorrected() throws Exception {
        String n = name("sigkill");
        firmwareGuest(n);
        monitor.initModel();
        startMonitor();
        long pid = Long.parseLong(Files.readString(Path.of("/run/libvirt/qemu", n + ".pid")).trim());
        ProcessHandle qemu = ProcessHandle.of(pid).orElseThrow();
        assertThat(qemu.info().command().orElse("")).contains("qemu-system");
        assertThat(qemu.destroyForcibly()).isTrue(); // SIGKILL

        FaultInstance fault = awaitEvent(FaultInstance.class, n);
        assertThat(fault.reason()).isEqualTo("STOPPED_FAILED");
        assertThat(fault.recovery()).isEqualTo(LifecycleEvents.Recovery.STATE_CORRECTED);
        assertThat(fault.from()).isEqualTo(VmState.RUNNING);
        assertThat(fault.to()).isEqualTo(VmState.SHUTOFF);
        assertThat(vm(n)).extracting(Vm::state, Vm::status).containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);
        assertThat(d1.state(n)).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_CRASHED));
        assertThat(events).filteredOn(e -> e.vm().equals(n))
                .noneMatch(e -> e instanceof LifecycleEvents.InstanceTurnedOff);
        engine.run(actions.terminate(host1, n));
    }

    @Test
    void aQemuKilledWhileTheMonitorWasAwayIsAFaultInstanceAtItsNextReconcile() throws Exception {
        String n = name("away");
        firmwareGuest(n);
        monitor.initModel();
        long pid = Long.parseLong(Files.readString(Path.of("/run/libvirt/qemu", n + ".pid")).trim());
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue(); // SIGKILL, no one listening
        assertThat(RealHosts.await(WAIT, () -> d1.state(n).state() == DomainState.SHUTOFF)).isTrue();
        assertThat(vm(n).state()).as("nothing told the model yet").isEqualTo(VmState.RUNNING);

        startMonitor(); // its start reconcile finds it off, crashed
        FaultInstance fault = awaitEvent(FaultInstance.class, n);
        assertThat(fault.reason()).isEqualTo("SHUTOFF_CRASHED");
        assertThat(fault.from()).isEqualTo(VmState.RUNNING);
        assertThat(fault.to()).isEqualTo(VmState.SHUTOFF);
        assertThat(fault.detail()).contains("reconcile start");
        assertThat(vm(n)).extracting(Vm::state, Vm::status).containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);
        engine.run(actions.terminate(host1, n));
    }

    @Test
    void aSoftPoweroffTheGuestIgnoresIsHaltedByPolicyPastTheDeadline() throws Exception {
        String n = name("halting");
        firmwareGuest(n);
        monitor.initModel();
        startMonitor();
        PowerResult r = engine.run(actions.softPoweroff(host1, n));
        assertThat(r.outcome()).isEqualTo(PowerOutcome.ACPI_SENT);
        assertThat(r.after()).extracting(Vm::state, Vm::status, Vm::owner)
                .containsExactly(VmState.HALTING, VmStatus.ONLINE, null);
        long t0 = System.nanoTime();

        FaultInstance fault = awaitEvent(FaultInstance.class, n);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(STUCK_DEADLINE);
        assertThat(fault.reason()).isEqualTo("STUCK_HALTING");
        assertThat(fault.recovery()).isEqualTo(LifecycleEvents.Recovery.HALTED);
        assertThat(fault.from()).isEqualTo(VmState.HALTING);
        assertThat(fault.to()).isEqualTo(VmState.SHUTOFF);
        assertThat(fault.detail()).contains("ignored the power button");
        assertThat(d1.state(n).state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(vm(n)).extracting(Vm::state, Vm::status).containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);
        assertThat(engine.run(actions.softPoweroff(host1, n)).outcome()).isEqualTo(PowerOutcome.WAS_OFF);
        engine.run(actions.terminate(host1, n));
    }

    @Test
    void aVmLeftStoppingByAnActionThatDiedIsForcedOffByPolicy() throws Exception {
        String n = name("stuck");
        firmwareGuest(n);
        monitor.initModel();
        model.claim(n, "action-that-died", VmState.STOPPING);
        startMonitor();

        FaultInstance fault = awaitEvent(FaultInstance.class, n);
        assertThat(fault.reason()).isEqualTo("STUCK_STOPPING");
        assertThat(fault.recovery()).isEqualTo(LifecycleEvents.Recovery.FORCED_OFF);
        assertThat(fault.detail()).contains("action-that-died", "forced off");
        assertThat(d1.state(n)).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED));
        assertThat(RealHosts.await(WAIT, () -> vm(n).status() == VmStatus.OFFLINE)).isTrue();
        assertThat(vm(n)).extracting(Vm::state, Vm::owner).containsExactly(VmState.SHUTOFF, null);
        engine.run(actions.terminate(host1, n));
    }

    /** The tiny real guest powers off on the ACPI button: soft_poweroff returns, the monitor records it off. */
    @Test
    void softPoweroffOfARealGuestReturnsAtOnceAndTheMonitorRecordsItOff() throws Exception {
        String n = name("guest");
        Path console = tmp.resolve("console.log");
        engine.run(actions.create(host1, CreateRequest.builder(n).memoryMiB(128).lifecycle(Lifecycle.PERSISTENT)
                .directKernel(GUEST.resolve("vmlinuz").toString(), GUEST.resolve("initrd.gz").toString(),
                        "console=ttyS0 quiet")
                .serialLog(console.toString()).build()));
        assertThat(RealHosts.await(Duration.ofSeconds(120), () -> {
            try {
                return Files.exists(console) && Files.readString(console).contains("IAAS-GUEST-READY");
            } catch (IOException e) {
                return false;
            }
        })).as("guest printed its ready line").isTrue();
        monitor.initModel();
        startMonitor();

        PowerResult r = engine.run(actions.softPoweroff(host1, n));
        assertThat(r.outcome()).isEqualTo(PowerOutcome.ACPI_SENT);
        LifecycleEvents.InstanceTurnedOff off = awaitEvent(LifecycleEvents.InstanceTurnedOff.class, n);
        assertThat(off.reason()).isEqualTo("STOPPED_SHUTDOWN");
        assertThat(off.from()).isEqualTo(VmState.HALTING);
        assertThat(off.to()).isEqualTo(VmState.SHUTOFF);
        assertThat(vm(n)).extracting(Vm::state, Vm::status).containsExactly(VmState.SHUTOFF, VmStatus.OFFLINE);
        assertThat(d1.state(n)).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN));
        assertThat(events).filteredOn(e -> e.vm().equals(n)).noneMatch(e -> e instanceof FaultInstance);
        engine.run(actions.terminate(host1, n));
    }
}
