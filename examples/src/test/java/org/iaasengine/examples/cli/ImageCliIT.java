package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;
import org.iaasengine.examples.RealHosts;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iaas vm backup}, {@code iaas image list}, {@code iaas vm create --backup} and
 * {@code --user-data} on the real libvirtd (host 1), one invocation at a time as from a shell.
 */
class ImageCliIT {
    private static final String PREFIX = "iaas-img-cli-";

    @TempDir
    Path dir;

    private Path storage;
    private Path images;
    private LibvirtJavaDriver host1;

    @BeforeEach
    void setUp() throws Exception {
        host1 = LibvirtJavaDriver.open(RealHosts.HOST1);
        storage = RealHosts.newStorage(PREFIX);
        images = dir.resolve("images");
    }

    @AfterEach
    void tearDown() throws Exception {
        RealHosts.removeDomains(host1, PREFIX);
        host1.close();
        RealHosts.deleteTree(storage);
    }

    private CliRunner.Result iaas(String... args) {
        String[] common = {"--uri", RealHosts.HOST1, "--state-dir", dir.toString(), "--templates",
            RealHosts.TEMPLATES.toString(), "--storage", storage.toString(), "--images", images.toString(),
            "--domain-type", "qemu", "--json"};
        return new CliRunner(DriverFactory.DEFAULT, RealHosts.HOST1, dir)
                .raw(Stream.concat(Stream.of(common), Stream.of(args)).toArray(String[]::new));
    }

    private JsonNode ok(String... args) {
        CliRunner.Result r = iaas(args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.json();
    }

    private String[] storageFiles() throws Exception {
        try (Stream<Path> s = Files.list(storage)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void aVmIsBackedUpListedRestoredAndACorruptedImageIsRefused() throws Exception {
        String name = PREFIX + "src";
        Path userData = dir.resolve("user-data");
        Files.writeString(userData, "#cloud-config\nhostname: src\n");
        JsonNode vm = ok("vm", "create", "--name", name, "--template", "base.qcow2", "--memory", "32M",
                "--user-data", userData.toString());
        String uuid = vm.get("uuid").asText();
        assertThat(storageFiles()).containsExactly(uuid + "-seed.iso", uuid + ".qcow2");

        JsonNode img = ok("vm", "backup", name, "--to", PREFIX + "img");
        assertThat(img.get("name").asText()).isEqualTo(PREFIX + "img");
        assertThat(img.get("consistency").asText()).isEqualTo("point-in-time");
        assertThat(img.get("sha256").asText()).hasSize(64);
        assertThat(host1.state(name).state()).isEqualTo(DomainState.RUNNING);
        assertThat(iaas("vm", "backup", name, "--to", PREFIX + "img").exitCode()).isEqualTo(ExitCodes.CONFLICT);
        assertThat(iaas("vm", "backup", name, "--to", "../x").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(iaas("vm", "backup", PREFIX + "none", "--to", PREFIX + "img2").exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);

        JsonNode list = ok("image", "list");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("sha256").asText()).isEqualTo(img.get("sha256").asText());
        assertThat(list.get(0).get("file").asText()).isEqualTo(images.resolve(PREFIX + "img.qcow2").toString());

        String copy = PREFIX + "copy";
        JsonNode restored = ok("vm", "create", "--name", copy, "--backup", PREFIX + "img", "--memory", "32M");
        assertThat(restored.get("state").asText()).isEqualTo("RUNNING");
        ok("vm", "delete", copy);

        // The metadata drive goes with its VM even when the disks are kept.
        ok("vm", "delete", name, "--keep-disks");
        assertThat(storageFiles()).containsExactly(uuid + ".qcow2");

        Path file = images.resolve(PREFIX + "img.qcow2");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            long at = Files.size(file) - 100;
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x01));
            b.rewind();
            ch.write(b, at);
        }
        CliRunner.Result bad = iaas("vm", "create", "--name", copy, "--backup", PREFIX + "img", "--memory", "32M");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.toString()).contains(PREFIX + "img").contains("SHA-256");
        assertThat(host1.lookup(copy)).isEmpty();
        assertThat(storageFiles()).containsExactly(uuid + ".qcow2");

        assertThat(iaas("vm", "create", "--name", copy, "--backup", PREFIX + "none").exitCode())
                .isEqualTo(ExitCodes.NOT_FOUND);
        CliRunner.Result noFile = iaas("vm", "create", "--name", copy, "--user-data", dir.resolve("none").toString());
        assertThat(noFile.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(noFile.toString()).contains(dir.resolve("none").toString());
        assertThat(host1.lookup(copy)).isEmpty();
    }
}
