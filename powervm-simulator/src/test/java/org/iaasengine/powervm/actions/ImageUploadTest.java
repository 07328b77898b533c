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
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.EngineListener;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.UploadImageRequest;
import org.iaasengine.powervm.xml.web.WebFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image bits through the REST File API: a spawn of an image with a file uploads it into the cache
 * disk (File created, bytes PUT as application/octet-stream, File deleted) and the VM's disk gets
 * its bytes; a second spawn uploads nothing; a failed upload leaves no File and no partial disk; the
 * simulator holds the client to the File API's rules.
 */
class ImageUploadTest extends SimTestSupport {
    @TempDir
    Path dir;
    private Path image;
    private String sha;
    private ImageRef uploaded;

    @BeforeEach
    void imageFile() throws IOException {
        byte[] bits = new byte[3 * 1024 * 1024 + 17];
        new Random(19).nextBytes(bits);
        image = dir.resolve("rhel9.raw");
        Files.write(image, bits);
        sha = Hashing.sha256().hashBytes(bits).toString();
        uploaded = new ImageRef("rhel9", 10, image.toString(), sha);
    }

    private SpawnRequest spawnOf(String name, ImageRef img) {
        return new SpawnRequest(name, 2048, 0.5, 1, 100, img, 20);
    }

    private List<String> fileRequests() {
        return sim.requests().stream().filter(r -> r.contains(" web/File")).toList();
    }

    @Test
    void spawnUploadsTheImageThroughTheFileApiAndTheVmDiskHoldsItsBytes() {
        List<EngineEvent.Progress> progress = new CopyOnWriteArrayList<>();
        EngineListener l = ev -> {
            if (ev instanceof EngineEvent.Progress p) {
                progress.add(p);
            }
        };
        engine.addListener(l);
        engine.run(SpawnAction.plan(hostA, localA, spawnOf("web1", uploaded)));
        engine.removeListener(l);

        List<String> calls = fileRequests();
        assertThat(calls).hasSize(3);
        assertThat(calls.get(0)).isEqualTo("PUT web/File");
        String uuid = calls.get(1).substring("PUT web/File/contents/".length());
        assertThat(calls.get(1)).startsWith("PUT web/File/contents/");
        assertThat(calls.get(2)).isEqualTo("DELETE web/File/" + uuid);
        assertThat(sim.files()).as("Files left on the server").isEmpty();
        assertThat(sim.diskSha256("i_rhel9")).contains(sha);
        assertThat(sim.diskSha256("b_web1")).as("the VM's disk is a copy of the image").contains(sha);
        assertThat(progress).extracting(EngineEvent.Progress::fraction).contains(1.0);
        assertThat(progress.size()).isGreaterThan(2);
    }

    @Test
    void aSecondSpawnOfTheSameImageUploadsNothing() {
        engine.run(SpawnAction.plan(hostA, localA, spawnOf("web1", uploaded)));
        int before = fileRequests().size();

        engine.run(SpawnAction.plan(hostA, localA, spawnOf("web2", uploaded)));

        assertThat(fileRequests()).as("File API requests of the second spawn").hasSize(before);
        assertThat(sim.diskSha256("b_web2")).contains(sha);
        assertThat(sim.snapshot().virtualDisks()).containsExactlyInAnyOrder("i_rhel9", "b_web1", "b_web2");
    }

    @Test
    void onTheSharedStoragePoolTheImageGoesIntoAnImageUnit() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnOf("web1", uploaded)));
        engine.run(SpawnAction.plan(hostA, sspA, spawnOf("web2", uploaded)));

        assertThat(fileRequests()).hasSize(3);
        assertThat(sim.files()).isEmpty();
        assertThat(sim.diskSha256("image_rhel9")).contains(sha);
        assertThat(sim.diskSha256("boot_web2")).contains(sha);
    }

    @Test
    void uploadImageActionCachesAheadOfSpawnAndIsIdempotent() {
        DiskRef first = engine.run(UploadImageAction.plan(hostA, localA, new UploadImageRequest("sim-a", uploaded)));
        DiskRef again = engine.run(UploadImageAction.plan(hostA, localA, new UploadImageRequest("sim-a", uploaded)));

        assertThat(again).isEqualTo(first);
        assertThat(fileRequests()).hasSize(3);
        assertThat(sim.diskSha256("i_rhel9")).contains(sha);
    }

    @Test
    void aFileWhoseChecksumDiffersFromTheRequestIsRefusedBeforeAnyRequest() {
        ImageRef wrong = new ImageRef("rhel9", 10, image.toString(), "0".repeat(64));
        int before = sim.requests().size();

        assertThatThrownBy(() -> engine.run(UploadImageAction.plan(hostA, localA,
                new UploadImageRequest("sim-a", wrong))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT))
                .hasMessageContaining("has SHA-256 " + sha);
        assertThat(sim.requests().subList(before, sim.requests().size())).isEmpty();
    }

    @Test
    void aFailedUploadLeavesNoFileNoPartialDiskAndNoVm() {
        sim.faults().internalError("PUT", "^web/File/contents/", 1);

        assertThatThrownBy(() -> engine.run(SpawnAction.plan(hostA, localA, spawnOf("web1", uploaded))))
                .isInstanceOf(ActionFailedException.class);

        assertThat(sim.files()).isEmpty();
        assertThat(sim.snapshot().virtualDisks()).isEmpty();
        assertThat(sim.snapshot().holdsNoVmResources()).isTrue();
        assertThat(model.vm("web1")).isEmpty();
    }

    @Test
    void aLostAnswerToTheFileCreationLeavesNoSecondFile() {
        sim.faults().loseReply("PUT", "^web/File$", 1);

        engine.run(SpawnAction.plan(hostA, localA, spawnOf("web1", uploaded)));

        assertThat(sim.files()).isEmpty();
        assertThat(fileRequests().stream().filter(r -> r.equals("PUT web/File"))).hasSize(2);
        assertThat(sim.diskSha256("b_web1")).contains(sha);
    }

    @Test
    void aLostAnswerToTheUploadIsSentAgainAndTheImageIsWhole() {
        sim.faults().loseReply("PUT", "^web/File/contents/", 1);

        engine.run(SpawnAction.plan(hostA, localA, spawnOf("web1", uploaded)));

        assertThat(sim.files()).isEmpty();
        assertThat(sim.diskSha256("i_rhel9")).contains(sha);
    }

    @Test
    void anExpiredSessionIsRenewedForTheFileApiToo() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web0"))); // logged on
        sim.expireSessions();

        engine.run(UploadImageAction.plan(hostA, localA, new UploadImageRequest("sim-a", uploaded)));

        assertThat(sim.diskSha256("i_rhel9")).as("the staged rhel9 cache disk was reused, not uploaded").isEmpty();
        ImageRef other = new ImageRef("other", 10, image.toString(), sha);
        sim.expireSessions();
        engine.run(UploadImageAction.plan(hostA, localA, new UploadImageRequest("sim-a", other)));
        assertThat(sim.diskSha256("i_other")).contains(sha);
        assertThat(sim.requests().stream().filter(r -> r.equals("PUT web/Logon")).count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theSimulatorHoldsTheClientToTheFileApi() throws IOException {
        engine.run(UploadImageAction.plan(hostA, localA, new UploadImageRequest("sim-a",
                new ImageRef("other", 10, image.toString(), null))));
        String vios = sim.viosUuid("vios-a");
        String udid = sim.snapshot().virtualDisks().contains("i_other") ? diskUdid("i_other") : null;
        long size = Files.size(image);

        // the size must match
        Entry<WebFile> f = client.files().create(WebFile.of("x", WebFile.DISK_IMAGE, vios, sha, size + 1, udid));
        assertThatThrownBy(() -> client.files().upload(f.value(), image, n -> { }))
                .isInstanceOfSatisfying(PowerVmException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining("expected " + (size + 1) + " bytes but got " + size);
        client.files().delete(f.value().fileUuid);

        // the checksum is checked
        Entry<WebFile> g = client.files().create(WebFile.of("y", WebFile.DISK_IMAGE, vios, "1".repeat(64), size, udid));
        assertThatThrownBy(() -> client.files().upload(g.value(), image, n -> { }))
                .isInstanceOfSatisfying(PowerVmException.class, e -> assertThat(e.httpStatus()).isEqualTo(400))
                .hasMessageContaining("has SHA-256 " + sha);

        // the content type is the File's
        g.value().internetMediaType = "text/plain";
        assertThatThrownBy(() -> client.files().upload(g.value(), image, n -> { }))
                .isInstanceOfSatisfying(PowerVmException.class, e -> assertThat(e.httpStatus()).isEqualTo(415));
        client.files().delete(g.value().fileUuid);

        // a target device that does not exist is refused
        assertThatThrownBy(() -> client.files().create(WebFile.of("z", WebFile.DISK_IMAGE, vios, sha, size, "nope")))
                .isInstanceOfSatisfying(PowerVmException.class, e -> assertThat(e.httpStatus()).isEqualTo(400));

        // a deleted File is gone
        assertThatThrownBy(() -> client.files().delete(g.value().fileUuid))
                .isInstanceOfSatisfying(PowerVmException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND));
        assertThat(sim.files()).isEmpty();
        assertThat(sim.diskSha256("i_other")).as("a refused upload wrote nothing over the image").contains(sha);
    }

    private String diskUdid(String name) {
        return client.get(org.iaasengine.powervm.rest.Paths.volumeGroup(sim.viosUuid("vios-a"),
                sim.volumeGroupUuid("vios-a", "rootvg")), org.iaasengine.powervm.xml.uom.VolumeGroup.class).value()
                .virtualDisks.disks.stream().filter(d -> d.diskName.equals(name)).findFirst().orElseThrow()
                .uniqueDeviceId;
    }
}
