package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.EngineListener;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.SnapshotRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.request.ActionRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot to an image: VM A's boot disk copied through the File API download to a local image
 * file with its checksum; a spawn of VM B from that image gives B a disk holding A's bytes.
 */
class SnapshotTest extends SimTestSupport {
    @TempDir
    Path dir;
    private byte[] written;
    private String writtenSha;

    @BeforeEach
    void vmWithData() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        written = new byte[1024 * 1024 + 3];
        new Random(5).nextBytes(written);
        sim.writeDisk("b_web1", written); // what the guest wrote on its disk
        writtenSha = Hashing.sha256().hashBytes(written).toString();
    }

    private SnapshotRequest snap(String image) {
        return new SnapshotRequest("sim-a", "web1", image, dir.toString());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aSpawnFromTheSnapshotOfAGetsADiskHoldingWhatAWrote() throws IOException {
        List<EngineEvent.Progress> progress = new CopyOnWriteArrayList<>();
        EngineListener l = ev -> {
            if (ev instanceof EngineEvent.Progress p) {
                progress.add(p);
            }
        };
        engine.addListener(l);
        ImageRef image = engine.run(SnapshotAction.plan(hostA, localA, snap("web1-snap")));
        engine.removeListener(l);

        assertThat(image.sha256()).isEqualTo(writtenSha);
        assertThat(Files.readAllBytes(Path.of(image.file()))).isEqualTo(written);
        assertThat(files()).containsExactly(dir.resolve("web1-snap.raw"));
        assertThat(sim.files()).isEmpty();
        assertThat(sim.requests()).anyMatch(r -> r.startsWith("GET web/File/contents/"));
        assertThat(progress).extracting(EngineEvent.Progress::fraction).contains(1.0);

        engine.run(SpawnAction.plan(hostA, localA, new SpawnRequest("web2", 2048, 0.5, 1, 100, image, 20)));

        assertThat(sim.diskSha256("b_web2")).contains(writtenSha);
        assertThat(sim.diskSha256("b_web1")).contains(writtenSha);
    }

    @Test
    void aSnapshotOfAVmThatIsNotThereIsNotFound() {
        assertThatThrownBy(() -> engine.run(SnapshotAction.plan(hostA, localA,
                new SnapshotRequest("sim-a", "nope", "x", dir.toString()))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND));
    }

    @Test
    void aFailedDownloadLeavesNoFileOnTheServerAndNoPartialImage() throws IOException {
        sim.faults().internalError("GET", "^web/File/contents/", 1);

        assertThatThrownBy(() -> engine.run(SnapshotAction.plan(hostA, localA, snap("web1-snap"))))
                .isInstanceOf(ActionFailedException.class);

        assertThat(sim.files()).isEmpty();
        assertThat(files()).isEmpty();
    }

    @Test
    void aLostAnswerToTheDownloadIsReadAgain() throws IOException {
        sim.faults().loseReply("GET", "^web/File/contents/", 1);

        ImageRef image = engine.run(SnapshotAction.plan(hostA, localA, snap("web1-snap")));

        assertThat(image.sha256()).isEqualTo(writtenSha);
        assertThat(sim.files()).isEmpty();
        assertThat(files()).containsExactly(dir.resolve("web1-snap.raw"));
    }

    @Test
    void anImageFileThatExistsIsAConflictAndIsKept() throws IOException {
        Files.writeString(dir.resolve("web1-snap.raw"), "mine");

        assertThatThrownBy(() -> engine.run(SnapshotAction.plan(hostA, localA, snap("web1-snap"))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT));

        assertThat(Files.readString(dir.resolve("web1-snap.raw"))).isEqualTo("mine");
        assertThat(sim.files()).isEmpty();
    }

    @Test
    void theRequestGoesToJsonAndBack() {
        var codec = PowerVmRegistry.registry().codec();
        ActionRequest req = snap("web1-snap");
        assertThat(codec.fromJson(codec.toJson(req))).isEqualTo(req);
        assertThatThrownBy(() -> new SnapshotRequest("sim-a", "web1", "x", "relative/dir"))
                .hasMessage("snapshot directory must be an absolute path, was 'relative/dir'");
    }
}
