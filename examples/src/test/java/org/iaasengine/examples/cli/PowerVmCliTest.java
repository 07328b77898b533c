package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iaas powervm ...} against the PowerVM simulator, with JSON output. */
class PowerVmCliTest {
    @TempDir
    Path dir;
    private PowerVmSimulator sim;
    private CliRunner cli;
    private List<String> common;

    @BeforeEach
    void start() throws IOException {
        sim = PowerVmSimulator.builder().jobPolls(0).start(); // each job ends at its first status poll
        Path pw = dir.resolve("hmc-password");
        Files.writeString(pw, "sim-Passw0rd\n");
        common = List.of("--json", "powervm", "--hmc", sim.uri().toString(), "--hmc-user", "hscroot", "--job-poll", "5ms",
                "--hmc-password-file", pw.toString(), "--system", sim.systemUuid("sim-a"), "--system-name", "sim-a",
                "--vios", sim.viosUuid("vios-a"), "--volume-group", sim.volumeGroupUuid("vios-a", "rootvg"));
        cli = new CliRunner(DriverFactory.DEFAULT, "test:///default", dir);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private CliRunner.Result run(String... args) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(args));
        return cli.raw(all.toArray(String[]::new));
    }

    @Test
    void theImageFlowsRunFromTheCommandLineWithJsonOutput() throws IOException {
        byte[] bits = new byte[256 * 1024];
        new Random(1).nextBytes(bits);
        Path image = dir.resolve("rhel9.raw");
        Files.write(image, bits);
        String sha = Hashing.sha256().hashBytes(bits).toString();
        Path userData = dir.resolve("user-data");
        Files.writeString(userData, "#cloud-config\n");

        CliRunner.Result up = run("upload-image", "--image", "rhel9", "--size-gb", "10", "--file", image.toString(),
                "--sha256", sha);
        assertThat(up.exitCode()).as("%s", up).isZero();
        assertThat(up.json().get("name").asText()).isEqualTo("i_rhel9");

        CliRunner.Result spawn = run("spawn", "--name", "web1", "--vlan", "100", "--image", "rhel9",
                "--image-size-gb", "10", "--image-file", image.toString(), "--disk-gb", "20",
                "--user-data", userData.toString());
        assertThat(spawn.exitCode()).as("%s", spawn).isZero();
        assertThat(spawn.json().get("state").asText()).isEqualTo("RUNNING");
        assertThat(sim.opticalMedia("vios-a")).containsExactly("cfg_web1");

        CliRunner.Result snap = run("snapshot", "web1", "--image", "web1-snap", "--dir", dir.toString());
        assertThat(snap.exitCode()).as("%s", snap).isZero();
        assertThat(snap.json().get("sha256").asText()).isEqualTo(sha);

        CliRunner.Result rescue = run("rescue", "web1", "--image", "rescue", "--image-size-gb", "1");
        assertThat(rescue.exitCode()).as("%s", rescue).isZero();
        assertThat(rescue.json().get("definitionRef").asText()).isEqualTo("r_web1");
        CliRunner.Result back = run("unrescue", "web1");
        assertThat(back.json().get("definitionRef").asText()).isEqualTo("b_web1");

        CliRunner.Result gone = run("destroy", "web1");
        assertThat(gone.json().get("existed").asBoolean()).isTrue();
        assertThat(sim.snapshot().holdsNoVmResources()).isTrue();
        assertThat(sim.opticalMedia("vios-a")).isEmpty();
    }

    @Test
    void aVmThatIsNotThereIsExitCodeNotFoundWithAJsonError() {
        CliRunner.Result r = run("snapshot", "nope", "--image", "x", "--dir", dir.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        JsonNode err = r.errorJson();
        assertThat(err.toString()).contains("nope");
    }
}
