package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.RebootMode;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.Host;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every libvirt action on the real libvirtd (and the second one for migration), run once per
 * driver by the subclasses. Checks the host after each failure: nothing left behind.
 */
abstract class AbstractLibvirtActionsIT {
    static final Path BASE = Path.of("/var/tmp/iaas-engine");
    static final Path GUEST = BASE.resolve("guest");

    @TempDir
    Path tmp;

    private LibvirtDriver d1;
    private LibvirtDriver d2;
    private LibvirtHost host1;
    private LibvirtHost host2;
    private Path storage;
    private ResourceModel model;
    private LibvirtActions actions;
    private Engine engine;
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    protected abstract LibvirtDriver open(String uri);

    protected abstract String prefix();

    @BeforeEach
    void setUp() throws IOException {
        d1 = open(RealHosts.HOST1);
        d2 = open(RealHosts.HOST2);
        RealHosts.removeLeftovers(d1, name(""));
        RealHosts.removeLeftovers(d2, name(""));
        storage = Files.createDirectories(BASE.resolve("storage").resolve("it-" + prefix() + "-" + System.nanoTime()));
        DefinitionStore store = DefinitionStore.open(tmp.resolve("definitions"));
        host1 = LibvirtHost.builder("host1", d1).domainType("qemu").templates(BASE.resolve("templates")).storage(storage)
                .store(store).build();
        host2 = LibvirtHost.builder("host2", d2).domainType("qemu").templates(BASE.resolve("templates")).storage(storage)
                .store(store).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(2)).acpiResend(Duration.ofSeconds(1))
                .migrationTimeout(Duration.ofSeconds(90));
        engine = Engine.builder().workers(4).listener(events::add).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        engine.close();
        // Remove every domain of this suite, a few rounds (a guest in the middle of a reboot may
        // come back once), and fail when one is still there: a suite leaves nothing behind.
        List<String> left = List.of();
        for (int round = 0; round < 5; round++) {
            left = new java.util.ArrayList<>();
            for (LibvirtDriver d : List.of(d1, d2)) {
                for (DomainSummary s : d.listDomains()) {
                    if (s.name().startsWith(name(""))) {
                        quietly(() -> d.destroy(s.name()));
                        quietly(() -> d.undefine(s.name()));
                        left.add(s.name() + " on " + d.uri());
                    }
                }
            }
            if (left.isEmpty()) {
                break;
            }
        }
        List<String> stillThere = new java.util.ArrayList<>();
        for (LibvirtDriver d : List.of(d1, d2)) {
            d.listDomains().stream().filter(s -> s.name().startsWith(name("")))
                    .forEach(s -> stillThere.add(s.name() + " (" + s.state() + ") on " + d.uri()));
            d.close();
        }
        try (Stream<Path> files = Files.list(storage)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(storage);
        assertThat(stillThere).as("domains this suite left on the hosts").isEmpty();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (DriverException ignored) {
            // gone already
        }
    }

    String name(String suffix) {
        return "iaas-it-" + prefix() + "-" + suffix;
    }

    private List<Path> storageFiles() throws IOException {
        try (Stream<Path> files = Files.list(storage)) {
            return files.toList();
        }
    }

    private List<String> domains(LibvirtDriver d) {
        return d.listDomains().stream().map(DomainSummary::name).filter(n -> n.startsWith(name(""))).sorted().toList();
    }

    @Test
    void createFromATemplateMakesALinkedCloneAndDeleteRemovesEverything() throws Exception {
        String n = name("template");
        Vm vm = engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2").memoryMiB(32)
                .lifecycle(Lifecycle.PERSISTENT).build()));
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(d1.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(storageFiles()).singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).isEqualTo(vm.uuid() + ".qcow2"));
        assertThat(d1.dumpXml(n, false)).contains(storage.resolve(vm.uuid() + ".qcow2").toString());
        var info = org.iaasengine.core.exec.ProcessRunner.run(
                List.of("qemu-img", "info", "-U", storageFiles().get(0).toString()), Duration.ofSeconds(30));
        assertThat(info.stdout()).contains("backing file: " + BASE.resolve("templates/base.qcow2"));

        engine.run(actions.delete(host1, n, true));
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(storageFiles()).isEmpty();
        assertThat(host1.store().get(n)).isEmpty();
        assertThat(model.vm(n)).isEmpty();
    }

    @Test
    void aCreateThatFailsOnTheHostLeavesNoDomainDiskOrDefinition() throws Exception {
        String n = name("fails");
        assertThatThrownBy(() -> engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2")
                .memoryMiB(32).network("network:iaas-no-such-network").lifecycle(Lifecycle.PERSISTENT).build())))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.failedStep()).isEqualTo("StartVm");
                    assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
                    assertThat(e.reverted()).containsExactly("DefineVm", "CreateXml", "CopyTemplate", "RegisterVm");
                    assertThat(e.fullyReverted()).isTrue();
                });
        assertThat(domains(d1)).isEmpty();
        assertThat(storageFiles()).isEmpty();
        assertThat(host1.store().all()).isEmpty();
        assertThat(model.snapshot().vms()).isEmpty();
    }

    /** The action failed with CONFLICT and its message names both hosts. */
    private static void conflictNaming(Throwable t, String given, String real) {
        assertThat(t).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
            assertThat(e.getMessage()).contains("'" + given + "'").contains("'" + real + "'");
        });
    }

    /** x still runs on host 1, untouched: domain, disk, stored definition and model entry. */
    private void stillIntactOnHost1(String n, Path disk) {
        assertThat(d1.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(d1.lookup(n).orElseThrow().persistent()).isTrue();
        assertThat(d2.lookup(n)).isEmpty();
        assertThat(disk).exists();
        assertThat(host1.store().get(n).orElseThrow().host()).isEqualTo("host1");
        Vm vm = model.vm(n).orElseThrow();
        assertThat(vm.host()).isEqualTo("host1");
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.isOwned()).isFalse();
    }

    @Test
    void actionsGivenTheWrongHostChangeNothing() throws Exception {
        String n = name("wronghost");
        Vm vm = engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2").memoryMiB(32)
                .lifecycle(Lifecycle.PERSISTENT).build()));
        Path disk = storage.resolve(vm.uuid() + ".qcow2");
        assertThat(disk).exists();

        conflictNaming(catchThrowable(() -> engine.run(actions.delete(host2, n, true))), "host2", "host1");
        stillIntactOnHost1(n, disk);
        for (var wrong : List.<java.util.function.Supplier<org.iaasengine.core.Action<?>>>of(
                () -> actions.suspend(host2, n), () -> actions.resume(host2, n), () -> actions.shutdown(host2, n),
                () -> actions.reboot(host2, n), () -> actions.start(host2, n), () -> actions.setVmIp(host2, n, "10.1.2.3"),
                () -> actions.migrate(host2, host1, n), () -> actions.nonLiveMigrate(host2, host1, n))) {
            org.iaasengine.core.Action<?> action = wrong.get();
            conflictNaming(catchThrowable(() -> engine.run(action)), "host2", "host1");
            stillIntactOnHost1(n, disk);
        }

        // An embedder whose model does not know the VM (a new process, no monitor yet): the stored
        // definition still says where it lives.
        ResourceModel fresh = new ResourceModel();
        LibvirtActions freshActions = new LibvirtActions(fresh);
        conflictNaming(catchThrowable(() -> engine.run(freshActions.delete(host2, n, true))), "host2", "host1");
        conflictNaming(catchThrowable(() -> engine.run(freshActions.migrate(host2, host1, n))), "host2", "host1");
        assertThat(fresh.snapshot().vms()).isEmpty();
        stillIntactOnHost1(n, disk);

        // Another VM of the same name on host 2 (another UUID) is not taken for it either.
        d2.define(org.iaasengine.libvirt.xml.DomainXmlCodec.toXml(org.iaasengine.libvirt.xml.DomainXml.builder(n)
                .type("qemu").memoryMiB(32).vcpus(1).build()));
        assertThatThrownBy(() -> engine.run(actions.migrate(host1, host2, n)))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
                    assertThat(e.getMessage()).contains("another vm of that name");
                });
        assertThat(d2.lookup(n).orElseThrow().state()).isEqualTo(DomainState.SHUTOFF);
        d2.undefine(n);
        stillIntactOnHost1(n, disk);

        engine.run(actions.delete(host1, n, true));
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(disk).doesNotExist();
    }

    @Test
    void aVmRunningOnOneHostIsNotStartedOnAnother() throws Exception {
        String n = name("startelsewhere");
        engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2").memoryMiB(32)
                .lifecycle(Lifecycle.TRANSIENT).build()));
        engine.run(actions.shutdown(host1, n));
        assertThat(d1.lookup(n)).isEmpty();
        // Stored for host 1, off: not started on host 2.
        conflictNaming(catchThrowable(() -> engine.run(actions.start(host2, n))), "host2", "host1");
        assertThat(d2.lookup(n)).isEmpty();
        assertThat(model.vm(n).orElseThrow()).extracting(Vm::host, Vm::state).containsExactly("host1", VmState.SHUTOFF);
        // Running on host 2 (after a migration): not started a second time on host 1.
        engine.run(actions.start(host1, n));
        engine.run(actions.migrate(host1, host2, n));
        conflictNaming(catchThrowable(() -> engine.run(actions.start(host1, n))), "host1", "host2");
        conflictNaming(catchThrowable(() -> engine.run(actions.suspend(host1, n))), "host1", "host2");
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(d2.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(model.vm(n).orElseThrow()).extracting(Vm::host, Vm::state, Vm::isOwned)
                .containsExactly("host2", VmState.RUNNING, false);
        engine.run(actions.delete(host2, n, true));
        assertThat(d2.lookup(n)).isEmpty();
        assertThat(storageFiles()).isEmpty();
    }

    @Test
    void aMissingTemplateIsNotFoundAndNothingIsCreated() throws Exception {
        assertThatThrownBy(() -> engine.run(actions.create(host1, CreateRequest.builder(name("notpl"))
                .template("no-such.qcow2").memoryMiB(32).build())))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
                    assertThat(e.getMessage()).contains("no-such.qcow2");
                });
        assertThat(domains(d1)).isEmpty();
        assertThat(storageFiles()).isEmpty();
        assertThat(model.snapshot().vms()).isEmpty();
    }

    @Test
    void aTransientVmLivesThroughSuspendResumeShutdownAndStartAgain() {
        String n = name("transient");
        engine.run(actions.create(host1, CreateRequest.builder(n).memoryMiB(32).lifecycle(Lifecycle.TRANSIENT).build()));
        assertThat(d1.lookup(n)).get().extracting(DomainSummary::persistent).isEqualTo(false);
        assertThat(engine.run(actions.suspend(host1, n)).state()).isEqualTo(VmState.PAUSED);
        assertThat(d1.state(n).state()).isEqualTo(DomainState.PAUSED);
        assertThat(engine.run(actions.resume(host1, n)).state()).isEqualTo(VmState.RUNNING);
        // The firmware ignores ACPI: the shutdown escalates to destroy after the grace time.
        assertThat(engine.run(actions.shutdown(host1, n)).state()).isEqualTo(VmState.SHUTOFF);
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(model.vm(n).orElseThrow().state()).isEqualTo(VmState.SHUTOFF);
        assertThat(engine.run(actions.start(host1, n)).state()).isEqualTo(VmState.RUNNING);
        assertThat(d1.state(n).state()).isEqualTo(DomainState.RUNNING);
        engine.run(actions.delete(host1, n, true));
        assertThat(d1.lookup(n)).isEmpty();
    }

    @Test
    void shutdownOfAGuestThatIgnoresAcpiEscalatesToDestroy() {
        String n = name("noacpi");
        engine.run(actions.create(host1, CreateRequest.builder(n).memoryMiB(32).lifecycle(Lifecycle.PERSISTENT).build()));
        long t0 = System.nanoTime();
        engine.run(actions.shutdown(host1, n));
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(d1.state(n)).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED));
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.Progress p && p.message().contains("destroying"))
                .isNotEmpty();
    }

    @Test
    void rebootByShutdownAndStartAndByLibvirt() {
        String n = name("reboot");
        engine.run(actions.create(host1, CreateRequest.builder(n).memoryMiB(32).lifecycle(Lifecycle.PERSISTENT).build()));
        assertThat(engine.run(actions.reboot(host1, n)).state()).isEqualTo(VmState.RUNNING);
        assertThat(d1.state(n)).isEqualTo(new DomainStatus(DomainState.RUNNING, StateReason.RUNNING_BOOTED));
        assertThat(engine.run(actions.reboot(host1, n, RebootMode.LIBVIRT)).state())
                .isEqualTo(VmState.RUNNING);
    }

    @Test
    void liveMigrationMovesTheVmAndTheModelFollows() {
        String n = name("migrate");
        engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2").memoryMiB(32)
                .lifecycle(Lifecycle.TRANSIENT).build()));
        Vm moved = engine.run(actions.migrate(host1, host2, n));
        assertThat(moved.host()).isEqualTo("host2");
        assertThat(moved.state()).isEqualTo(VmState.RUNNING);
        assertThat(moved.isOwned()).isFalse();
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(d2.state(n)).isEqualTo(new DomainStatus(DomainState.RUNNING, StateReason.RUNNING_MIGRATED));
        assertThat(host1.store().get(n).orElseThrow().host()).isEqualTo("host2");
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.Progress p && p.fraction() == 1.0).isNotEmpty();

        Vm back = engine.run(actions.migrate(host2, host1, n));
        assertThat(back.host()).isEqualTo("host1");
        assertThat(d2.lookup(n)).isEmpty();
        assertThat(d1.state(n).state()).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void nonLiveMigrationShutsDownOnTheSourceAndStartsOnTheDestination() {
        String n = name("nonlive");
        engine.run(actions.create(host1, CreateRequest.builder(n).memoryMiB(32).lifecycle(Lifecycle.PERSISTENT).build()));
        Vm moved = engine.run(actions.nonLiveMigrate(host1, host2, n));
        assertThat(moved.host()).isEqualTo("host2");
        assertThat(moved.state()).isEqualTo(VmState.RUNNING);
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(d2.lookup(n)).get().satisfies(s -> {
            assertThat(s.state()).isEqualTo(DomainState.RUNNING);
            assertThat(s.persistent()).isTrue();
        });
    }

    @Test
    void hostInfoAndHostStatisticalReadTheRealHost() {
        Host h = engine.run(actions.hostInfo(host1));
        assertThat(h.cpus()).isPositive();
        assertThat(h.freeMemoryKiB()).isPositive();
        assertThat(h.uri()).isEqualTo(RealHosts.HOST1);
        HostStatistics s = engine.run(actions.hostStatistical(host1, Duration.ofMillis(300)));
        assertThat(s.cpuUsage()).isBetween(0.0, 1.0);
        assertThat(s.memUsedKiB()).isPositive().isLessThan(s.memTotalKiB());
        assertThat(s.interval()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void hostileNamesAreHandledEndToEndOrRejectedBeforeAnySideEffect() throws Exception {
        List<String> accepted = new ArrayList<>();
        for (String suffix : List.of("semi;colon", "q'uote\"d", "$(touch pwned)`id`", "lt<amp&gt>", "sp ace",
                "ünï-名前")) {
            String n = name(suffix);
            Vm vm = engine.run(actions.create(host1, CreateRequest.builder(n).memoryMiB(32).build()));
            assertThat(d1.info(n).name()).isEqualTo(n);
            assertThat(vm.name()).isEqualTo(n);
            accepted.add(n);
        }
        assertThat(Files.exists(Path.of("pwned"))).isFalse();
        for (String n : accepted) {
            engine.run(actions.delete(host1, n, true));
        }
        for (String bad : List.of(name("new\nline"), name("x".repeat(1000)), name("a/b"), " " + name("lead"))) {
            assertThatThrownBy(() -> actions.create(host1, CreateRequest.builder(bad).memoryMiB(32).build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> actions.create(host1, CreateRequest.builder(name("tpl")).template("../guest/vmlinuz")
                .build())).hasMessageContaining("../guest/vmlinuz");
        assertThatThrownBy(() -> actions.create(host1, CreateRequest.builder(name("mem")).memoryMiB(-512).build()))
                .hasMessageContaining("-512");
        assertThatThrownBy(() -> actions.create(host1, CreateRequest.builder(name("cpu")).vcpus(1_000_000).build()))
                .hasMessageContaining("1000000");
        assertThat(domains(d1)).isEmpty();
        assertThat(storageFiles()).isEmpty();
        assertThat(model.snapshot().vms()).isEmpty();
    }

    /** The tiny real guest: boots a kernel that powers off on an ACPI power-button press. */
    @Test
    void gracefulShutdownOfARealGuestNeedsNoDestroy() throws Exception {
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
        LibvirtActions patient = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(60))
                .acpiResend(Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        assertThat(engine.run(patient.shutdown(host1, n)).state()).isEqualTo(VmState.SHUTOFF);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(d1.state(n)).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN));
        assertThat(took).isLessThan(Duration.ofSeconds(60));
    }
}
