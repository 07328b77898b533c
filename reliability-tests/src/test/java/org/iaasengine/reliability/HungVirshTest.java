package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.virsh.VirshDriver;
import org.iaasengine.model.ResourceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code virsh} that hangs (a fake on the path that sleeps): the driver's watchdog kills it
 * within its timeout, the Create action reports TIMEOUT and reverts, and nothing is left: no disk
 * copy, no stored definition, no model entry, and no process.
 */
class HungVirshTest {
    @TempDir
    Path tmp;

    @Test
    void aHungVirshIsKilledByTheWatchdogAndTheCreateRevertsEverything() throws Exception {
        Path fake = tmp.resolve("virsh");
        Files.writeString(fake, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        Path storage = Files.createDirectories(tmp.resolve("storage"));
        VirshDriver driver = VirshDriver.builder("qemu:///system").virsh(fake).timeout(Duration.ofSeconds(2)).build();
        LibvirtHost host = LibvirtHost.builder("host1", driver).domainType("qemu").templates(LibvirtWorld.TEMPLATES)
                .storage(storage).store(DefinitionStore.open(tmp.resolve("definitions"))).build();
        ResourceModel model = new ResourceModel();
        LibvirtActions actions = new LibvirtActions(model).actionTimeout(Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        try (Engine engine = Engine.builder().build()) {
            assertThatThrownBy(() -> engine.run(actions.create(host, CreateRequest.builder("iaas-rel-hung")
                    .template("base.qcow2").memoryMiB(32).lifecycle(Lifecycle.TRANSIENT).build())))
                    .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                        assertThat(e.failedStep()).isEqualTo("CreateVm");
                        assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                        assertThat(e.reverted()).containsExactly("CreateXml", "CopyTemplate", "RegisterVm");
                    });
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        try (var files = Files.list(storage)) {
            assertThat(files).isEmpty();
        }
        assertThat(host.store().all()).isEmpty();
        assertThat(model.snapshot().vms()).isEmpty();
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("sleep"))
                .orElse(false) && p.info().arguments().map(a -> a.length == 1 && a[0].equals("600")).orElse(false)))
                .isEmpty();
        System.out.printf("RELIABILITY hung-virsh: watchdog=2s action-failed-after=%d ms category=TIMEOUT leaks=0%n",
                took.toMillis());
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }
}
