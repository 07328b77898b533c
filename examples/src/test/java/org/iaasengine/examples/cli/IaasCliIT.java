package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.iaasengine.examples.RealHosts;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI on the real libvirtd: every invocation opens its own connection, as from a shell, so
 * state lives only on the host and in the definition store.
 */
class IaasCliIT {
    private static final String PREFIX = "iaas-ex-cli-";

    @TempDir
    Path dir;

    private Path storage;
    private LibvirtJavaDriver host1;
    private LibvirtJavaDriver host2;

    @BeforeEach
    void setUp() throws Exception {
        host1 = LibvirtJavaDriver.open(RealHosts.HOST1);
        host2 = LibvirtJavaDriver.open(RealHosts.HOST2);
        storage = RealHosts.newStorage(PREFIX);
    }

    @AfterEach
    void tearDown() throws Exception {
        RealHosts.removeDomains(host1, PREFIX);
        RealHosts.removeDomains(host2, PREFIX);
        host1.close();
        host2.close();
        RealHosts.deleteTree(storage);
    }

    private CliRunner.Result iaas(String uri, String... args) {
        String[] common = {"--uri", uri, "--state-dir", dir.toString(), "--templates", RealHosts.TEMPLATES.toString(),
            "--storage", storage.toString(), "--domain-type", "qemu", "--json"};
        CliRunner.Result r = new CliRunner(DriverFactory.DEFAULT, uri, dir)
                .raw(Stream.concat(Stream.of(common), Stream.of(args)).toArray(String[]::new));
        return r;
    }

    private JsonNode ok(String uri, String... args) {
        CliRunner.Result r = iaas(uri, args);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r.json();
    }

    @Test
    void theWrongUriIsRefusedWithConflictAndNothingChanges() throws Exception {
        String name = PREFIX + "wrong-uri";
        JsonNode vm = ok(RealHosts.HOST1, "vm", "create", "--name", name, "--template", "base.qcow2", "--memory", "32M");
        Path disk = storage.resolve(vm.get("uuid").asText() + ".qcow2");
        for (String[] call : new String[][] {{"vm", "delete", name}, {"vm", "start", name}, {"vm", "suspend", name},
            {"vm", "shutdown", name, "--grace", "1s"}, {"vm", "migrate", name, "--to", RealHosts.HOST1}}) {
            CliRunner.Result r = iaas(RealHosts.HOST2, call);
            assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.CONFLICT);
            assertThat(r.toString()).contains(RealHosts.HOST1).contains(RealHosts.HOST2);
            assertThat(host1.state(name).state()).isEqualTo(DomainState.RUNNING);
            assertThat(host2.lookup(name)).isEmpty();
            assertThat(disk).exists();
        }
        ok(RealHosts.HOST1, "vm", "delete", name);
        assertThat(host1.lookup(name)).isEmpty();
        assertThat(disk).doesNotExist();
    }

    @Test
    void aVmFromTheTemplateGoesThroughItsLifecycleOneInvocationAtATime() throws Exception {
        String name = PREFIX + "x'y\"z;$(id)";
        JsonNode vm = ok(RealHosts.HOST1, "vm", "create", "--name", name, "--template", "base.qcow2", "--memory", "32M");
        assertThat(vm.get("state").asText()).isEqualTo("RUNNING");
        assertThat(host1.state(name).state()).isEqualTo(DomainState.RUNNING);
        try (Stream<Path> disks = Files.list(storage)) {
            assertThat(disks.map(p -> p.getFileName().toString())).containsExactly(vm.get("uuid").asText() + ".qcow2");
        }

        assertThat(ok(RealHosts.HOST1, "vm", "suspend", name).get("state").asText()).isEqualTo("PAUSED");
        assertThat(host1.state(name).state()).isEqualTo(DomainState.PAUSED);
        assertThat(ok(RealHosts.HOST1, "vm", "resume", name).get("state").asText()).isEqualTo("RUNNING");
        assertThat(ok(RealHosts.HOST1, "vm", "shutdown", name, "--grace", "2s").get("state").asText())
                .isEqualTo("SHUTOFF");
        assertThat(host1.state(name).state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(ok(RealHosts.HOST1, "vm", "info", name).get("state").asText()).isEqualTo("SHUTOFF");
        assertThat(ok(RealHosts.HOST1, "vm", "start", name).get("state").asText()).isEqualTo("RUNNING");
        assertThat(host1.state(name).state()).isEqualTo(DomainState.RUNNING);
        assertThat(iaas(RealHosts.HOST1, "vm", "create", "--name", name).exitCode()).isEqualTo(ExitCodes.CONFLICT);

        JsonNode stats = ok(RealHosts.HOST1, "host", "stats", "--interval", "200ms");
        assertThat(stats.get("cpuUsage").asDouble()).isBetween(0.0, 1.0);
        assertThat(stats.get("memUsedKiB").asLong()).isPositive();

        assertThat(ok(RealHosts.HOST1, "vm", "delete", name).get("deleted").asBoolean()).isTrue();
        assertThat(host1.lookup(name)).isEmpty();
        try (Stream<Path> disks = Files.list(storage)) {
            assertThat(disks).as("the disk copy is removed").isEmpty();
        }
        assertThat(iaas(RealHosts.HOST1, "vm", "info", name).exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    }

    @Test
    void aVmLiveMigratedByTheCliIsFoundOnTheDestinationByTheNextInvocation() {
        String name = PREFIX + "migrate";
        ok(RealHosts.HOST1, "vm", "create", "--name", name, "--template", "base.qcow2", "--memory", "32M",
                "--transient");
        JsonNode moved = ok(RealHosts.HOST1, "vm", "migrate", name, "--to", RealHosts.HOST2);
        assertThat(moved.get("host").asText()).isEqualTo(RealHosts.HOST2);
        assertThat(moved.get("state").asText()).isEqualTo("RUNNING");
        assertThat(host1.lookup(name)).isEmpty();
        assertThat(host2.state(name).state()).isEqualTo(DomainState.RUNNING);

        CliRunner.Result info = iaas(RealHosts.HOST1, "vm", "info", name);
        assertThat(info.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(info.toString()).contains("its stored definition is for host '" + RealHosts.HOST2 + "'");
        assertThat(ok(RealHosts.HOST2, "vm", "info", name).get("state").asText()).isEqualTo("RUNNING");
        ok(RealHosts.HOST2, "vm", "delete", name);
        assertThat(host2.lookup(name)).isEmpty();
    }
}
