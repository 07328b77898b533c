package org.iaasengine.libvirt.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.core.CommandException;
import org.iaasengine.libvirt.commands.MakeSeed;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.spec.DiskImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata drive as genisoimage makes it, read back with isoinfo; no daemon. */
class MakeSeedTest {
    @TempDir
    Path dir;

    private static String isoinfo(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of("isoinfo"));
        argv.addAll(List.of(args));
        ProcessRunner.Result r = ProcessRunner.run(argv, Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return r.stdout();
    }

    @Test
    void theSeedIsACidataIsoWithMetaDataUserDataAndNetworkConfig() throws Exception {
        String userData = "#cloud-config\nhostname: web1\nruncmd: [\"echo 'x; $(id)'\"]\n";
        try (TestContext ctx = new TestContext()) {
            DiskImage iso = new MakeSeed(dir, "u1-seed.iso", "u1", "web1", userData, Duration.ofSeconds(30))
                    .execute(ctx);
            String path = iso.path();
            assertThat(isoinfo("-d", "-i", path)).contains("Volume id: cidata");
            assertThat(isoinfo("-i", path, "-J", "-x", "/meta-data"))
                    .isEqualTo("instance-id: u1\nlocal-hostname: web1\n");
            assertThat(isoinfo("-i", path, "-J", "-x", "/user-data")).isEqualTo(userData);
            assertThat(isoinfo("-i", path, "-J", "-x", "/network-config")).contains("version: 2", "dhcp4: true");
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("u1-seed.iso"); // no work dir left
            }
        }
    }

    @Test
    void aFailingToolLeavesNothingAndBadValuesAreRefused() throws Exception {
        System.setProperty("iaas.genisoimage", "/bin/false");
        try (TestContext ctx = new TestContext()) {
            assertThatThrownBy(() -> new MakeSeed(dir, "u2-seed.iso", "u2", "web1", "", Duration.ofSeconds(30))
                    .execute(ctx)).isInstanceOf(CommandException.class).hasMessageContaining("u2-seed.iso");
            try (Stream<Path> s = Files.list(dir)) {
                assertThat(s).isEmpty();
            }
        } finally {
            System.clearProperty("iaas.genisoimage");
        }
        assertThatThrownBy(() -> new MakeSeed(dir, "s.iso", "u3", "web1\ninstance-id: other", "",
                Duration.ofSeconds(30))).hasMessageContaining("hostname");
        assertThatThrownBy(() -> new MakeSeed(dir, "../s.iso", "u3", "web1", "", Duration.ofSeconds(30)))
                .hasMessageContaining("../s.iso");
        assertThatThrownBy(() -> MakeSeed.checkUserData("x".repeat(MakeSeed.MAX_USER_DATA + 1)))
                .hasMessageContaining("at most");
    }
}
