package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The leak check of the libvirt suites ({@link LibvirtWorld#check}) can fail: each thing it looks
 * for is made on the real daemons behind the library's back, and the check must name it. A QEMU
 * process no daemon lists, a second QEMU for a name, a status file of a domain its host does not
 * run (and host 2's status files are seen at all), a stored definition whose host or lifecycle
 * differs from the model's and the domain's, and a leftover of one VM that a failed revert of
 * another VM does not excuse.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibvirtWorldCheckIT {
    private static final String PREFIX = "iaas-rel-check-";

    private Path tmp;
    private LibvirtWorld world;
    private Engine engine;
    private int names;

    @BeforeAll
    void setUp() throws Exception {
        tmp = Files.createTempDirectory("iaas-rel-check");
        world = new LibvirtWorld(PREFIX, tmp).host("host1", LibvirtJavaDriver.open(RealHosts.HOST1), "qemu")
                .host("host2", LibvirtJavaDriver.open(RealHosts.HOST2), "qemu");
        engine = Engine.builder().workers(1).build();
    }

    @BeforeEach
    void reset() {
        world.reset(a -> a);
    }

    @AfterAll
    void tearDown() throws Exception {
        engine.close();
        world.close();
        try (var s = Files.walk(tmp)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String created(Lifecycle lifecycle) {
        String vm = PREFIX + (++names);
        FaultCampaign.create(new FaultCampaign.Context(world, engine, world.actions), vm, true, lifecycle);
        assertThat(world.check(null).clean()).as("a VM the library created is no leftover").isTrue();
        return vm;
    }

    /** A QEMU process named {@code vm}, as libvirt starts them, that no daemon started. */
    private static Process strayQemu(String vm) throws Exception {
        return new ProcessBuilder("qemu-system-x86_64", "-name", "guest=" + vm + ",debug-threads=on", "-machine",
                "none", "-display", "none", "-nodefaults", "-S").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void stop(Process p) throws Exception {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aQemuProcessNoDaemonListsAndASecondQemuForOneNameAreLeaks() throws Exception {
        String vm = created(Lifecycle.PERSISTENT);
        String orphan = PREFIX + "orphan-" + (++names);
        Process second = strayQemu(vm);
        Process alone = strayQemu(orphan);
        try {
            assertThat(RealHosts.await(Duration.ofSeconds(10), () -> LibvirtWorld.qemuProcesses(PREFIX).size() == 2
                    && LibvirtWorld.qemuProcesses(PREFIX).get(vm).size() == 2)).isTrue();
            List<String> leaks = world.check(null).leaks();
            assertThat(leaks).anySatisfy(l -> assertThat(l).startsWith("qemu:" + vm + " ").contains("1 host(s)"));
            assertThat(leaks).anySatisfy(l -> assertThat(l).startsWith("qemu:" + orphan + " ").contains("0 host(s)"));
        } finally {
            stop(second);
            stop(alone);
        }
        assertThat(world.check(null).clean()).isTrue();
    }

    @Test
    void aStatusFileOfADomainItsHostDoesNotRunIsALeakAndHost2sAreSeen() throws Exception {
        Path dir1 = LibvirtWorld.statusDir(RealHosts.HOST1).orElseThrow();
        String ghost = PREFIX + "ghost-" + (++names);
        Path file = dir1.resolve(ghost + ".xml");
        Files.writeString(file, "<domstatus/>\n");
        try {
            assertThat(world.check(null).leaks()).contains("status-file:host1/" + ghost + ".xml (no such domain)");
        } finally {
            Files.deleteIfExists(file);
        }
        // Host 2's status files live in its own mount namespace: the check reads them there.
        String vm = created(Lifecycle.TRANSIENT);
        engine.run(world.actions.migrate(world.side(0).host, world.side(1).host, vm));
        Path dir2 = LibvirtWorld.statusDir(RealHosts.HOST2).orElseThrow();
        assertThat(dir2.resolve(vm + ".xml")).exists();
        assertThat(dir1.resolve(vm + ".xml")).doesNotExist();
        assertThat(world.check(null).clean()).isTrue();
    }

    @Test
    void aStoredDefinitionWhoseHostOrLifecycleDiffersFromTheModelIsADivergence() {
        String vm = created(Lifecycle.PERSISTENT);
        StoredDefinition d = world.store.get(vm).orElseThrow();
        world.store.put(d.withHost("host2"));
        assertThat(world.check(null).divergences()).contains("vm " + vm + " is stored for host2 but the model says host1");
        world.store.put(new StoredDefinition(d.name(), d.uuid(), d.host(), Lifecycle.TRANSIENT, d.template(), d.disks(),
                d.ip(), d.domainXml()));
        assertThat(world.check(null).divergences())
                .contains("vm " + vm + " is stored TRANSIENT but its domain is persistent");
        world.store.put(d);
        assertThat(world.check(null).clean()).isTrue();
    }

    @Test
    void aFailedRevertOfOneVmDoesNotExcuseWhatAnotherLeft() {
        String left = created(Lifecycle.PERSISTENT);
        // The library forgets the VM: its domain, disk copy and definition are now leftovers.
        world.model.removeVm(left);
        RevertFailure createVm = new RevertFailure("CreateVm", new IllegalStateException("could not destroy"));
        ActionFailedException ofAnother = new ActionFailedException("a1", "create", "vm:" + PREFIX + "another",
                "StartVm", FailureCategory.INTERNAL, new IllegalStateException("x"), List.of(), List.of(createVm));
        LibvirtWorld.Findings f = world.check(ofAnother);
        assertThat(f.reported()).isEmpty();
        assertThat(f.leaks()).anySatisfy(l -> assertThat(l).startsWith("domain:host1/" + left));
        ActionFailedException ofIt = new ActionFailedException("a2", "create", "vm:" + left, "StartVm",
                FailureCategory.INTERNAL, new IllegalStateException("x"), List.of(), List.of(createVm));
        f = world.check(ofIt);
        assertThat(f.reported()).anySatisfy(l -> assertThat(l).startsWith("domain:host1/" + left));
        // Its disk copy and definition were made by other steps, whose reverts did not fail.
        assertThat(f.leaks()).anySatisfy(l -> assertThat(l).startsWith("disk:"))
                .anySatisfy(l -> assertThat(l).isEqualTo("definition:" + left));
    }
}
