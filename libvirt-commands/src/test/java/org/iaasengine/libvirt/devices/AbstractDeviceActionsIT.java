package org.iaasengine.libvirt.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.DeviceActions;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.DeviceEvents.VnicCreated;
import org.iaasengine.libvirt.sync.DeviceEvents.VolumeAttached;
import org.iaasengine.libvirt.sync.DeviceEvents.VolumeDetached;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Volume;
import org.iaasengine.model.VolumeState;
import org.iaasengine.model.ResourceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The volume and NIC actions on the real libvirtd (host 1), run once per driver by the subclasses:
 * hot-plug into the tiny real guest (it boots once per class and consents to unplugs), a
 * firmware-only domain as the guest that ignores an unplug, and the revert of an attach. Domains,
 * volumes and files are named {@code iaas-dev-it-<driver>-*}; nothing is left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AbstractDeviceActionsIT {
    static final Path BASE = Path.of("/var/tmp/iaas-engine");
    static final Path GUEST_FILES = BASE.resolve("guest");

    private Path tmp;

    private LibvirtDriver driver;
    private LibvirtHost host;
    private Path storage;
    private ResourceModel model;
    private DeviceActions dev;
    private LibvirtActions actions;
    private Engine engine;
    private String guest;

    protected abstract LibvirtDriver open(String uri);

    protected abstract String prefix();

    String name(String suffix) {
        return "iaas-dev-it-" + prefix() + "-" + suffix;
    }

    @BeforeAll
    void bootTheGuest(@TempDir Path dir) throws Exception {
        tmp = dir;
        driver = open(RealHosts.HOST1);
        RealHosts.removeLeftovers(driver, name(""));
        storage = Files.createDirectories(BASE.resolve("storage").resolve(name("") + System.nanoTime()));
        host = LibvirtHost.builder("host1", driver).domainType("qemu").templates(BASE.resolve("templates"))
                .storage(storage).store(DefinitionStore.open(tmp.resolve("definitions"))).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(2));
        dev = actions.devices();
        engine = Engine.builder().workers(2).build();
        guest = name("guest");
        Path console = tmp.resolve("console.log");
        engine.run(actions.create(host, CreateRequest.builder(guest).memoryMiB(128).mac("52:54:00:de:10:01")
                .lifecycle(Lifecycle.PERSISTENT).directKernel(GUEST_FILES.resolve("vmlinuz").toString(),
                        GUEST_FILES.resolve("initrd.gz").toString(), "console=ttyS0 quiet")
                .serialLog(console.toString()).build()));
        assertThat(RealHosts.await(Duration.ofSeconds(120), () -> {
            try {
                return Files.exists(console) && Files.readString(console).contains("IAAS-GUEST-READY");
            } catch (IOException e) {
                return false;
            }
        })).as("guest printed its ready line").isTrue();
    }

    @AfterAll
    void removeEverything() throws IOException {
        if (engine != null) {
            engine.close();
        }
        if (driver == null || storage == null) {
            return;
        }
        List<String> left = new ArrayList<>();
        for (DomainSummary s : driver.listDomains()) {
            if (s.name().startsWith(name(""))) {
                quietly(() -> driver.destroy(s.name()));
                quietly(() -> driver.undefine(s.name()));
                left.add(s.name());
            }
        }
        driver.close();
        for (Path dir : List.of(storage.resolve("volumes"), storage)) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        if (!Files.isDirectory(f)) {
                            Files.deleteIfExists(f);
                        }
                    }
                }
                Files.deleteIfExists(dir);
            }
        }
        left.remove(guest);
        left.remove(name("noos"));
        assertThat(left).as("domains the tests left").isEmpty();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (DriverException ignored) {
            // gone already
        }
    }

    private boolean hasDisk(String vm, boolean inactive, String target) {
        return Device.disk("/x", "qcow2", target).presentIn(driver.dumpXml(vm, inactive));
    }

    private List<Path> storageFiles() throws IOException {
        try (Stream<Path> files = Files.list(storage.resolve("volumes"))) {
            return files.toList();
        }
    }

    @Test
    void aVolumeIsHotPluggedIntoTheRunningGuestAndDetachCompletesWhenLibvirtReportsItRemoved() throws Exception {
        String id = name("data1");
        Volume made = engine.run(dev.createVolume(host, id, 16L << 20));
        assertThat(made.state()).isEqualTo(VolumeState.AVAILABLE);
        assertThat(made.sizeBytes()).isEqualTo(16L << 20);
        assertThat(Path.of(made.path())).exists().hasParent(storage.resolve("volumes"));

        VolumeAttached attached = engine.run(dev.attachVolume(host, guest, id, "vdb"));
        assertThat(attached.event()).isEqualTo("volume_attached");
        assertThat(attached.path()).isEqualTo(made.path());
        assertThat(model.volume(id).orElseThrow()).extracting(Volume::vm, Volume::target, Volume::state)
                .containsExactly(guest, "vdb", VolumeState.ATTACHED);
        assertThat(hasDisk(guest, false, "vdb")).as("live").isTrue();
        assertThat(hasDisk(guest, true, "vdb")).as("persistent").isTrue();
        assertThat(Device.disk(made.path(), "qcow2", "vdb").presentIn(host.store().get(guest).orElseThrow().domainXml()))
                .as("the definition store's copy").isTrue();

        ResourceModel fresh = new ResourceModel();
        fresh.putVm(model.vm(guest).orElseThrow().withOwner(null));
        assertThat(VolumeScan.read(host, fresh)).filteredOn(v -> v.id().equals(id)).singleElement()
                .as("a fresh model reads the volume back from the host")
                .isEqualTo(model.volume(id).orElseThrow());

        assertThatThrownBy(() -> engine.run(dev.deleteVolume(host, id)))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT))
                .hasMessageContaining("is attached to vm '" + guest + "' as vdb");
        assertThat(Path.of(made.path())).exists();

        long t0 = System.nanoTime();
        VolumeDetached detached = engine.run(dev.detachVolume(host, guest, id, Duration.ofSeconds(30)));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(detached.target()).isEqualTo("vdb");
        assertThat(hasDisk(guest, false, "vdb")).as("live after detach").isFalse();
        assertThat(hasDisk(guest, true, "vdb")).as("persistent after detach").isFalse();
        assertThat(Device.disk(made.path(), "qcow2", "vdb").presentIn(host.store().get(guest).orElseThrow().domainXml()))
                .as("the definition store's copy after detach").isFalse();
        assertThat(model.volume(id).orElseThrow().state()).isEqualTo(VolumeState.AVAILABLE);
        assertThat(model.volume(id).orElseThrow().isAttached()).isFalse();

        engine.run(dev.deleteVolume(host, id));
        assertThat(model.volume(id)).isEmpty();
        assertThat(storageFiles()).isEmpty();
    }

    @Test
    void twoVolumesAtOnceAndTheSecondAtATakenTargetIsRefusedAndLeftAvailable() throws Exception {
        String a = name("multi-a");
        String b = name("multi-b");
        engine.run(dev.createVolume(host, a, 8L << 20));
        engine.run(dev.createVolume(host, b, 8L << 20));
        engine.run(dev.attachVolume(host, guest, a, "vdc"));
        assertThatThrownBy(() -> engine.run(dev.attachVolume(host, guest, b, "vdc")))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT))
                .hasMessageContaining("already has disk vdc");
        assertThat(model.volume(b).orElseThrow().state()).isEqualTo(VolumeState.AVAILABLE);
        engine.run(dev.attachVolume(host, guest, b, "vdd"));
        assertThat(model.snapshot().volumesOf(guest)).extracting(Volume::target).containsExactly("vdc", "vdd");
        engine.run(dev.detachVolume(host, guest, a, Duration.ofSeconds(30)));
        engine.run(dev.detachVolume(host, guest, b, Duration.ofSeconds(30)));
        engine.run(dev.deleteVolume(host, a));
        engine.run(dev.deleteVolume(host, b));
        assertThat(storageFiles()).isEmpty();
    }

    @Test
    void aNicIsHotPluggedAndUnpluggedAndTheModelsMacsFollow() {
        String mac = "52:54:00:de:10:02";
        VnicCreated created = engine.run(dev.attachNic(host, guest, mac, "user"));
        assertThat(created.event()).isEqualTo("vnic_created");
        assertThat(model.vm(guest).orElseThrow().macs()).containsExactly("52:54:00:de:10:01", mac);
        assertThat(driver.interfaces(guest)).extracting(i -> i.mac()).contains(mac);

        model.putVm(org.iaasengine.model.Vm.builder(name("other")).host("host1").macs(List.of("52:54:00:de:10:03"))
                .build());
        try {
            assertThatThrownBy(() -> engine.run(dev.attachNic(host, guest, "52:54:00:de:10:03", "user")))
                    .isInstanceOfSatisfying(ActionFailedException.class,
                            e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT))
                    .hasMessageContaining("taken by vm '" + name("other") + "'");
        } finally {
            model.removeVm(name("other"));
        }

        assertThat(engine.run(dev.detachNic(host, guest, mac, Duration.ofSeconds(30))).event())
                .isEqualTo("vnic_destroyed");
        assertThat(model.vm(guest).orElseThrow().macs()).containsExactly("52:54:00:de:10:01");
        assertThat(driver.interfaces(guest)).extracting(i -> i.mac()).containsExactly("52:54:00:de:10:01");
        assertThat(driver.dumpXml(guest, true)).doesNotContain(mac);
    }

    @Test
    void aFaultAfterTheDeviceWasAddedRemovesItAgain() throws Exception {
        Path file = storage.resolve(name("revert") + ".qcow2");
        assertThat(org.iaasengine.core.exec.ProcessRunner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2",
                file.toString(), "8M"), Duration.ofSeconds(30)).exitCode()).isZero();
        Device disk = Device.disk(file.toString(), "qcow2", "vde");
        Key<Plugged> plugged = Key.of("plugged", Plugged.class);
        java.util.concurrent.atomic.AtomicBoolean seenBeforeFault = new java.util.concurrent.atomic.AtomicBoolean();
        Action<Boolean> failing = Action.<Boolean>builder("attach-then-fail", ResourceKey.vm(guest).toString())
                .step(plugged, new AttachDevice(driver, guest, disk, Duration.ofSeconds(30)))
                .step(Key.of("fault", Boolean.class), ctx -> {
                    seenBeforeFault.set(hasDisk(guest, false, "vde") && hasDisk(guest, true, "vde"));
                    throw new CommandException(FailureCategory.INTERNAL, "injected fault after the hot-plug");
                })
                .result(r -> true)
                .build();
        assertThatThrownBy(() -> engine.run(failing)).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.reverted()).containsExactly("AttachDevice");
            assertThat(e.revertFailures()).isEmpty();
        });
        assertThat(seenBeforeFault).as("the disk was there, live and persistent, when the fault came").isTrue();
        assertThat(hasDisk(guest, false, "vde")).as("live after the revert").isFalse();
        assertThat(hasDisk(guest, true, "vde")).as("persistent after the revert").isFalse();
        Files.delete(file);
    }

    @Test
    void aGuestThatIgnoresTheUnplugGivesTimeoutAndTheVolumeStaysAttachedUntilItGoesWithItsVm() throws Exception {
        String noos = name("noos");
        engine.run(actions.create(host, CreateRequest.builder(noos).memoryMiB(32).mac("52:54:00:de:10:04")
                .lifecycle(Lifecycle.PERSISTENT).build()));
        String id = name("stuck");
        engine.run(dev.createVolume(host, id, 8L << 20));
        engine.run(dev.attachVolume(host, noos, id, "vdb"));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> engine.run(dev.detachVolume(host, noos, id, Duration.ofSeconds(3))))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                    assertThat(e.failedStep()).isEqualTo("AwaitRemoved");
                })
                .hasMessageContaining("did not release disk vdb");
        // libvirt's own detach call waits ~5 s for the guest; then the 3 s deadline
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
        assertThat(model.volume(id).orElseThrow()).extracting(Volume::vm, Volume::state, Volume::owner)
                .containsExactly(noos, VolumeState.ATTACHED, null);
        assertThat(hasDisk(noos, false, "vdb")).as("live: the unplug is pending").isTrue();
        assertThat(hasDisk(noos, true, "vdb")).as("persistent: untouched until the live device is gone").isTrue();

        // deleted with its VM
        engine.run(actions.delete(host, noos, true));
        assertThat(model.volume(id)).isEmpty();
        assertThat(storageFiles()).isEmpty();
    }

    @Test
    void aTransientVmStartedAgainFromTheStoreKeepsItsHotPluggedVolumeAndNic() throws Exception {
        String vm = name("transient");
        engine.run(actions.create(host, CreateRequest.builder(vm).memoryMiB(32).mac("52:54:00:de:10:05")
                .lifecycle(Lifecycle.TRANSIENT).build()));
        String id = name("kept");
        Volume made = engine.run(dev.createVolume(host, id, 8L << 20));
        engine.run(dev.attachVolume(host, vm, id, "vdb"));
        engine.run(dev.attachNic(host, vm, "52:54:00:de:10:06", "user"));
        String stored = host.store().get(vm).orElseThrow().domainXml();
        assertThat(Device.disk(made.path(), "qcow2", "vdb").presentIn(stored)).as("volume in the store").isTrue();
        assertThat(Device.nic("user", "52:54:00:de:10:06").presentIn(stored)).as("NIC in the store").isTrue();

        // libvirt forgets a transient domain when it stops; poweron creates it again from the store.
        engine.run(actions.poweroff(host, vm));
        assertThat(driver.lookup(vm)).isEmpty();
        engine.run(actions.poweron(host, vm));
        assertThat(hasDisk(vm, false, "vdb")).as("the volume after the restart").isTrue();
        assertThat(driver.interfaces(vm)).extracting(i -> i.mac())
                .containsExactly("52:54:00:de:10:05", "52:54:00:de:10:06");
        assertThat(model.volume(id).orElseThrow()).extracting(Volume::vm, Volume::target, Volume::state)
                .containsExactly(vm, "vdb", VolumeState.ATTACHED);

        engine.run(actions.delete(host, vm, true));
        assertThat(model.volume(id)).isEmpty();
        assertThat(storageFiles()).isEmpty();
    }
}
