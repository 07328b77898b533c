package org.iaasengine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.iaasengine.core.exec.ProcessRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launchers' check for libvirt's client library ({@code iaas_need_libvirt} in
 * {@code bin/launcher.sh}, sourced by {@code ./iaas} and {@code ./demo} under
 * {@code set -euo pipefail}), run by bash with stand-ins first on the PATH: an {@code ldconfig}
 * whose cache lists libvirt first and then about 1.6 MB of other libraries (more than a pipe holds,
 * as on a host with many libraries), an {@code id} that says "not root", and an {@code apt-get}
 * that only leaves a mark. With {@code ldconfig -p | grep -q}, grep left at the first line,
 * ldconfig died of SIGPIPE and pipefail failed the check every time here (50 of 50).
 */
class LauncherScriptTest {
    private static final Path LAUNCHER = Path.of("bin/launcher.sh").toAbsolutePath();

    @TempDir
    Path dir;

    private Path bin(boolean withLibvirt) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String others = IntStream.range(0, 20_000)
                .mapToObj(i -> "\tlibother" + i + ".so.1 (libc6,x86-64) => /lib/x86_64-linux-gnu/libother" + i + ".so.1")
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(dir.resolve("cache.txt"), (withLibvirt
                ? "\tlibvirt.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libvirt.so.0\n" : "") + others);
        script(bin.resolve("ldconfig"), "#!/bin/bash\ncat '" + dir.resolve("cache.txt") + "'\n");
        script(bin.resolve("id"), "#!/bin/sh\necho 1000\n");
        script(bin.resolve("apt-get"), "#!/bin/sh\ntouch '" + dir.resolve("apt-get-ran") + "'\n");
        return bin;
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs the check {@code n} times in the launchers' shell options; returns how many runs failed. */
    private int failures(Path bin, int n) throws IOException {
        Path loop = dir.resolve("loop.sh");
        Files.writeString(loop, String.join("\n",
                "set -euo pipefail",
                "PATH=\"$1:$PATH\"",
                "source \"$2\"",
                "fails=0",
                "for ((i = 0; i < $3; i++)); do",
                "  if ( iaas_need_libvirt ) >/dev/null 2>&1; then :; else fails=$((fails + 1)); fi",
                "done",
                "echo \"$fails\"", ""));
        ProcessRunner.Result r = ProcessRunner.run(List.of("bash", loop.toString(), bin.toString(), LAUNCHER.toString(),
                Integer.toString(n)), Duration.ofSeconds(120));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return Integer.parseInt(r.stdout().strip());
    }

    @Test
    void libvirtListedInALongCacheIsFoundEveryTime() throws IOException {
        assertThat(failures(bin(true), 50)).isZero();
        assertThat(dir.resolve("apt-get-ran")).doesNotExist();
    }

    @Test
    void libvirtMissingFromTheCacheIsStillReported() throws IOException {
        Path bin = bin(false);
        assertThat(failures(bin, 3)).isEqualTo(3);
        Path once = dir.resolve("once.sh");
        Files.writeString(once, "set -euo pipefail\nPATH=\"$1:$PATH\"\nsource \"$2\"\niaas_need_libvirt\n");
        ProcessRunner.Result r = ProcessRunner.run(List.of("bash", once.toString(), bin.toString(), LAUNCHER.toString()),
                Duration.ofSeconds(60));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("libvirt's client library (libvirt.so.0) is missing");
    }
}
