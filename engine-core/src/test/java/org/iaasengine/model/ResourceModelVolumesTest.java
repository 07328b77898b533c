package org.iaasengine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.junit.jupiter.api.Test;

class ResourceModelVolumesTest {

    private static Volume blank(String id) {
        return new Volume(id, "host-a", "/var/lib/iaas/" + id + ".qcow2", "qcow2", 1L << 20, null, null,
                VolumeState.AVAILABLE, null);
    }

    @Test
    void volumesAreInTheSnapshotAndListedPerVmByTarget() {
        ResourceModel model = new ResourceModel();
        model.putVolume(blank("d2").attachedTo("web1", "vdc"));
        model.putVolume(blank("d1").attachedTo("web1", "vdb"));
        model.putVolume(blank("d3"));
        assertThat(model.snapshot().volumesOf("web1")).extracting(Volume::id).containsExactly("d1", "d2");
        assertThat(model.snapshot().volume("d3")).hasValueSatisfying(v -> assertThat(v.isAttached()).isFalse());
        model.removeVolume("d3");
        assertThat(model.volume("d3")).isEmpty();
    }

    @Test
    void listenersHearVolumeChangesInOrder() {
        ResourceModel model = new ResourceModel();
        List<ModelChange> heard = new CopyOnWriteArrayList<>();
        model.addListener(heard::add);
        model.putVolume(blank("d1"));
        model.putVolume(blank("d1").attachedTo("web1", "vdb"));
        model.removeVolume("d1");
        assertThat(heard).hasExactlyElementsOfTypes(ModelChange.VolumeAdded.class, ModelChange.VolumeUpdated.class,
                ModelChange.VolumeRemoved.class);
    }

    @Test
    void aClaimedVolumeIsRefusedToAnotherActionAndReleasedWithItsFinalForm() {
        ResourceModel model = new ResourceModel();
        model.putVolume(blank("d1"));
        Volume before = model.claimVolume("d1", "a1", VolumeState.ATTACHING);
        assertThat(before.state()).isEqualTo(VolumeState.AVAILABLE);
        assertThatThrownBy(() -> model.claimVolume("d1", "a2", VolumeState.DELETING))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT))
                .hasMessageContaining("owned by action a1");
        model.releaseVolume("d1", "a2", v -> v.detached());
        assertThat(model.volume("d1").orElseThrow().owner()).isEqualTo("a1");
        model.releaseVolume("d1", "a1", v -> v.attachedTo("web1", "vdb"));
        assertThat(model.volume("d1").orElseThrow())
                .isEqualTo(blank("d1").attachedTo("web1", "vdb"));
    }

    @Test
    void claimOfAnUnknownVolumeIsNotFound() {
        assertThatThrownBy(() -> new ResourceModel().claimVolume("nope", "a1", VolumeState.DELETING))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND));
    }

    @Test
    void aVolumeNeedsBothVmAndTargetOrNeither() {
        assertThatThrownBy(() -> new Volume("d1", "h", "/x", "qcow2", 1, "web1", null, VolumeState.ATTACHED, null))
                .hasMessageContaining("both a vm and a target");
    }

    @Test
    void concurrentClaimsOfOneVolumeLetExactlyOneActionWin() throws Exception {
        ResourceModel model = new ResourceModel();
        model.putVolume(blank("d1"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String owner = "a" + i;
                tries.add(pool.submit(() -> {
                    try {
                        model.claimVolume("d1", owner, VolumeState.DELETING);
                        return true;
                    } catch (CommandException e) {
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> f : tries) {
                won += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
