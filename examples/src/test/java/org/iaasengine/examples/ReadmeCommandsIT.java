package org.iaasengine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands, run as a new user runs them: the launchers at the repository top level,
 * as separate processes. So they cannot rot while the build stays green.
 */
class ReadmeCommandsIT {
    private static final Path REPO = Path.of(System.getProperty("iaas.repo", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(command).directory(REPO.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 4 minutes");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theDemoRunsOnTheTestDriverWithNoDaemon() throws Exception {
        Run r = run(List.of("./demo"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("== create", "== delete", "model version").endsWith(
                "demo finished: every step succeeded\n");
    }

    @Test
    void theDemoRunsOnARealHost() throws Exception {
        Run r = run(List.of("./demo", "--uri", RealHosts.HOST1, "--vms", "1", "--grace", "1s", "--prefix",
                "iaas-ex-readme-"));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("demo finished: every step succeeded");
        try (LibvirtJavaDriver d = LibvirtJavaDriver.open(RealHosts.HOST1)) {
            assertThat(RealHosts.domains(d, "iaas-ex-readme-")).isEmpty();
        }
    }

    @Test
    void theCliLauncherRunsCommandsAndPrintsJson() throws Exception {
        Run help = run(List.of("./iaas", "--help"));
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: iaas", "Exit codes:");

        Run info = run(List.of("./iaas", "--uri", "test:///default", "--state-dir", dir.resolve("state").toString(),
                "--json", "host", "info"));
        assertThat(info.exitCode()).as(info.err()).isZero();
        JsonNode host = new ObjectMapper().readTree(info.out());
        assertThat(host.get("uri").asText()).isEqualTo("test:///default");

        Run missing = run(List.of("./iaas", "--uri", "test:///default", "--state-dir", dir.resolve("state").toString(),
                "vm", "info", "nobody"));
        assertThat(missing.exitCode()).isEqualTo(3);
        assertThat(missing.err()).contains("vm 'nobody' not found");
    }
}
