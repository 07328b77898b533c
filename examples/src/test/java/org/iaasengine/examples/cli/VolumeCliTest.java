package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code iaas volume create|delete|list} and the vm device commands' door checks, against
 * libvirt's test driver in process and real {@code qemu-img} files; JSON parsed back, exit codes as
 * the rest of the tool. (Hot-plug itself is proven on the real daemon: AbstractDeviceActionsIT.)
 */
class VolumeCliTest {
    private static final String URI = "test:///default";

    @TempDir
    Path dir;

    private LibvirtDriver shared;
    private CliRunner cli;

    @BeforeEach
    void setUp() {
        shared = LibvirtJavaDriver.open(URI);
        cli = new CliRunner(new DriverFactory() {
            @Override
            public LibvirtDriver open(String uri, Kind kind) {
                return shared;
            }

            @Override
            public void release(LibvirtDriver driver) {
                // shared
            }
        }, URI, dir);
    }

    @AfterEach
    void tearDown() {
        shared.close();
    }

    @Test
    void aVolumeIsCreatedListedByTheNextInvocationAndDeleted() {
        CliRunner.Result created = cli.run("--json", "volume", "create", "--id", "data1", "--size", "16M");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        JsonNode v = created.json();
        assertThat(v.get("id").asText()).isEqualTo("data1");
        assertThat(v.get("sizeBytes").asLong()).isEqualTo(16L << 20);
        assertThat(v.get("state").asText()).isEqualTo("AVAILABLE");
        assertThat(v.get("vm").isNull()).isTrue();
        Path file = Path.of(v.get("path").asText());
        assertThat(file).exists().isEqualTo(dir.resolve("storage/volumes/data1.qcow2").toAbsolutePath());

        CliRunner.Result listed = cli.run("--json", "volume", "list");
        assertThat(listed.exitCode()).as(listed.toString()).isZero();
        assertThat(listed.json()).hasSize(1);
        assertThat(listed.json().get(0)).isEqualTo(v);

        CliRunner.Result again = cli.run("volume", "create", "--id", "data1", "--size", "16M");
        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.CONFLICT);

        CliRunner.Result deleted = cli.run("--json", "volume", "delete", "data1");
        assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(file).doesNotExist();
        assertThat(cli.run("volume", "delete", "data1").exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void badIdsSizesTargetsAndMacsExitTwoBeforeTheStateDirectoryExists() {
        assertThat(cli.run("volume", "create", "--id", "../x", "--size", "16M").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("volume", "create", "--id", "d1").exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("vm", "attach-volume", "test", "--volume", "d1", "--target", "hda").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(cli.run("vm", "attach-nic", "test", "--mac", "ff:ff:ff:ff:ff:ff").exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(Files.exists(dir.resolve("state"))).isFalse();
    }

    @Test
    void attachingAVolumeThatDoesNotExistIsNotFound() {
        CliRunner.Result r = cli.run("vm", "attach-volume", "test", "--volume", "nope", "--target", "vdb");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.err()).contains("volume 'nope' is not in the model");
    }
}
