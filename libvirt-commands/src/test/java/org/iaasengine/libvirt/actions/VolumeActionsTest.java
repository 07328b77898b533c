package org.iaasengine.libvirt.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Volume;
import org.iaasengine.model.VolumeState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume create and delete, and volumes going with their VM, against libvirt's test driver and real
 * {@code qemu-img} files (hot-plug itself: AbstractDeviceActionsIT on the real daemon).
 */
class VolumeActionsTest {
    @TempDir
    Path dir;

    private LibvirtJavaDriver driver;
    private LibvirtHost host;
    private ResourceModel model;
    private LibvirtActions actions;
    private Engine engine;

    @BeforeEach
    void setUp() {
        driver = LibvirtJavaDriver.open("test:///default");
        host = LibvirtHost.builder("test-host", driver).domainType("test").templates(dir.resolve("templates"))
                .storage(dir.resolve("storage")).store(DefinitionStore.open(dir.resolve("definitions"))).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(2));
        engine = Engine.builder().workers(2).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        driver.close();
    }

    private Volume attachedInTheModel(String id, String vm) {
        Volume v = engine.run(actions.devices().createVolume(host, id, 1L << 20));
        model.putVolume(v.attachedTo(vm, "vdb"));
        return v;
    }

    @Test
    void aSecondVolumeOfTheSameIdIsAConflictAndTheFirstFileIsUntouched() throws Exception {
        Volume v = engine.run(actions.devices().createVolume(host, "d1", 1L << 20));
        long size = Files.size(Path.of(v.path()));
        assertThatThrownBy(() -> engine.run(actions.devices().createVolume(host, "d1", 2L << 20)))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT));
        assertThat(Files.size(Path.of(v.path()))).isEqualTo(size);
        assertThat(model.volume("d1").orElseThrow().state()).isEqualTo(VolumeState.AVAILABLE);
    }

    @Test
    void aFailedCreateLeavesNeitherFileNorModelEntry() {
        assertThatThrownBy(() -> engine.run(actions.devices().createVolume(host,
                new org.iaasengine.libvirt.spec.VolumeCreateRequest("test-host", "d2", 0, "missing.qcow2"))))
                .isInstanceOf(ActionFailedException.class);
        assertThat(model.volume("d2")).isEmpty();
        assertThat(dir.resolve("storage/volumes/d2.qcow2")).doesNotExist();
    }

    @Test
    void deletingAVmWithItsDisksDeletesItsVolumesAndWithoutThemLeavesThemAvailable() {
        engine.run(actions.create(host, CreateRequest.builder("unit-vol-a").memoryMiB(64)
                .lifecycle(Lifecycle.PERSISTENT).build()));
        engine.run(actions.create(host, CreateRequest.builder("unit-vol-b").memoryMiB(64)
                .lifecycle(Lifecycle.PERSISTENT).build()));
        Volume a = attachedInTheModel("va", "unit-vol-a");
        Volume b = attachedInTheModel("vb", "unit-vol-b");

        engine.run(actions.delete(host, "unit-vol-a", true));
        assertThat(model.volume("va")).isEmpty();
        assertThat(Path.of(a.path())).doesNotExist();

        engine.run(actions.delete(host, "unit-vol-b", false));
        assertThat(model.volume("vb").orElseThrow()).extracting(Volume::vm, Volume::state)
                .containsExactly(null, VolumeState.AVAILABLE);
        assertThat(Path.of(b.path())).exists();
        engine.run(actions.devices().deleteVolume(host, "vb"));
        assertThat(Path.of(b.path())).doesNotExist();
    }

    @Test
    void terminateDeletesTheVolumesOfItsVmAndTheirRecords() {
        engine.run(actions.create(host, CreateRequest.builder("unit-vol-t").memoryMiB(64)
                .lifecycle(Lifecycle.PERSISTENT).build()));
        Volume t = attachedInTheModel("vt", "unit-vol-t");
        Volume other = engine.run(actions.devices().createVolume(host, "vo", 1L << 20));
        engine.run(actions.terminate(host, "unit-vol-t"));
        assertThat(model.vm("unit-vol-t")).isEmpty();
        assertThat(model.volume("vt")).as("the record goes with the file").isEmpty();
        assertThat(Path.of(t.path())).doesNotExist();
        assertThat(model.volume("vo").orElseThrow().state()).isEqualTo(VolumeState.AVAILABLE);
        assertThat(Path.of(other.path())).exists();
    }
}
