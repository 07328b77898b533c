package org.iaasengine.libvirt.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.commands.BackupDisk;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.spec.DiskImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image store and the BackupDisk command on local files, no daemon: qemu-img copies a small
 * qcow2 disk; the checks refuse changed images by name; a failed copy leaves nothing.
 */
class ImageStoreTest {
    private static final Key<BackupSource> SOURCE = Key.of("source", BackupSource.class);

    @TempDir
    Path dir;

    private Path disk() {
        Path disk = dir.resolve("disk.qcow2");
        assertThat(ProcessRunner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M"),
                Duration.ofSeconds(30)).exitCode()).isZero();
        assertThat(ProcessRunner.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x61 0 2M", disk.toString()),
                Duration.ofSeconds(30)).exitCode()).isZero();
        return disk;
    }

    private BackupImage backup(ImageStore store, String name, TestContext ctx) throws IOException {
        return new BackupDisk(store, name, "web1", SOURCE, Duration.ofSeconds(60)).execute(ctx);
    }

    private static BackupSource stopped(DiskImage disk) {
        return new BackupSource(disk, BackupSource.Consistency.STOPPED, false);
    }

    private List<String> files(Path d) throws IOException {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aBackupIsListedWithItsChecksumAndVerifiesUntilABytesChanges() throws Exception {
        ImageStore store = new ImageStore(dir.resolve("images"));
        try (TestContext ctx = new TestContext().with(SOURCE, stopped(new DiskImage(disk().toString(), "qcow2")))) {
            BackupImage img = backup(store, "web1-monday", ctx);
            assertThat(files(store.dir())).containsExactly("web1-monday.json", "web1-monday.qcow2");
            assertThat(store.list()).containsExactly(img);
            assertThat(img.sha256()).isEqualTo(ImageStore.sha256(store.imageFile("web1-monday")));
            assertThat(img.virtualSize()).isEqualTo(16L << 20);
            assertThat(img.consistency()).isEqualTo("stopped");
            assertThat(ctx.progress).isNotEmpty().last().isEqualTo(1.0);
            assertThat(store.verify("web1-monday")).isEqualTo(store.imageFile("web1-monday"));

            Path file = store.imageFile("web1-monday");
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(file, bytes);
            assertThatThrownBy(() -> store.verify("web1-monday")).isInstanceOfSatisfying(CommandException.class,
                    e -> assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT))
                    .hasMessageContaining("'web1-monday'").hasMessageContaining(img.sha256());
            // The name is taken: a second backup under it is a CONFLICT and touches nothing.
            assertThatThrownBy(() -> backup(store, "web1-monday", ctx)).isInstanceOfSatisfying(
                    CommandException.class, e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT));
            assertThat(files(store.dir())).containsExactly("web1-monday.json", "web1-monday.qcow2");
            store.remove("web1-monday");
            store.remove("web1-monday");
            assertThat(files(store.dir())).isEmpty();
        }
        assertThatThrownBy(() -> store.verify("none")).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND)).hasMessageContaining("'none'");
    }

    @Test
    void aFailedOrCancelledCopyLeavesNoFile() throws Exception {
        ImageStore store = new ImageStore(dir.resolve("images"));
        try (TestContext ctx = new TestContext().with(SOURCE, stopped(new DiskImage(dir.resolve("missing.qcow2").toString(),
                "qcow2")))) {
            assertThatThrownBy(() -> backup(store, "x", ctx)).isInstanceOfSatisfying(CommandException.class,
                    e -> assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL)).hasMessageContaining("'x'");
            assertThat(files(store.dir())).isEmpty();
        }
        try (TestContext ctx = new TestContext().with(SOURCE, stopped(new DiskImage(disk().toString(), "qcow2")))) {
            ctx.cancelled = true;
            assertThatThrownBy(() -> backup(store, "y", ctx)).isInstanceOfSatisfying(CommandException.class,
                    e -> assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED));
            assertThat(files(store.dir())).isEmpty();
            assertThat(store.list()).isEmpty();
        }
    }

    @Test
    void badImageNamesAreRefusedNamingThem() {
        for (String bad : new String[] {"../x", "a/b", ".hidden", "-x", "x.qcow2", "x.json", "x.part", "", "a..b",
            "x".repeat(129), "sp ace"}) {
            assertThatThrownBy(() -> ImageStore.checkName(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "'");
        }
        assertThat(ImageStore.checkName("web1-2026.12.01_a")).isEqualTo("web1-2026.12.01_a");
    }
}
