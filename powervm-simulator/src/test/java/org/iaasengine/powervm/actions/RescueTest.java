package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.RescueRequest;
import org.iaasengine.powervm.spec.UnrescueRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rescue and unrescue: the VM powered off, a disk made of the rescue image mapped beside its own,
 * powered on to SMS; and back. Reverted on failure; the model names the disk the VM boots from.
 */
class RescueTest extends SimTestSupport {
    @TempDir
    Path dir;
    private ImageRef rescueImage;
    private String rescueSha;

    @BeforeEach
    void vmAndRescueImage() throws IOException {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        byte[] bits = new byte[512 * 1024];
        new Random(3).nextBytes(bits);
        Path file = dir.resolve("rescue.raw");
        Files.write(file, bits);
        rescueSha = Hashing.sha256().hashBytes(bits).toString();
        rescueImage = new ImageRef("rescue", 2, file.toString(), rescueSha);
    }

    @Test
    void rescueBootsToSmsWithTheRescueDiskBesideTheVmsOwn() {
        Vm vm = engine.run(RescueAction.plan(hostA, localA, new RescueRequest("sim-a", "web1", rescueImage)));

        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(sim.snapshot().scsiMappings()).contains("vios-a:web1->b_web1", "vios-a:web1->r_web1");
        assertThat(sim.bootMode("web1")).contains("sms");
        assertThat(sim.diskSha256("r_web1")).contains(rescueSha);
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.definitionRef()).isEqualTo("r_web1");
        assertThat(vm.isOwned()).isFalse();
    }

    @Test
    void unrescueRemovesTheRescueDiskAndBootsTheVmsOwn() {
        engine.run(RescueAction.plan(hostA, localA, new RescueRequest("sim-a", "web1", rescueImage)));

        Vm vm = engine.run(UnrescueAction.plan(hostA, localA, new UnrescueRequest("sim-a", "web1")));

        assertThat(sim.snapshot().virtualDisks()).doesNotContain("r_web1");
        assertThat(sim.snapshot().scsiMappings()).containsExactly("vios-a:web1->b_web1");
        assertThat(sim.bootMode("web1")).contains("norm");
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(vm.definitionRef()).isEqualTo("b_web1");
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void aFailedRescueLeavesTheVmRunningFromItsOwnDiskWithNoRescueDisk() {
        sim.faults().failJob("PowerOn", "bootmode", "sms", JobStatus.COMPLETED_WITH_ERROR, 1);

        assertThatThrownBy(() -> engine.run(RescueAction.plan(hostA, localA,
                new RescueRequest("sim-a", "web1", rescueImage)))).isInstanceOf(ActionFailedException.class);

        assertThat(sim.snapshot().virtualDisks()).doesNotContain("r_web1");
        assertThat(sim.snapshot().scsiMappings()).containsExactly("vios-a:web1->b_web1");
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(sim.files()).isEmpty();
        Vm vm = model.vm("web1").orElseThrow();
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.definitionRef()).isEqualTo("b_web1");
        assertThat(vm.isOwned()).isFalse();
    }

    @Test
    void onTheSharedStoragePoolTheRescueDiskIsAUnit() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("db1")));

        engine.run(RescueAction.plan(hostA, sspA, new RescueRequest("sim-a", "db1", rescueImage)));
        assertThat(sim.snapshot().scsiMappings()).contains("vios-a:db1->boot_db1", "vios-a:db1->rescue_db1");
        engine.run(UnrescueAction.plan(hostA, sspA, new UnrescueRequest("sim-a", "db1")));

        assertThat(sim.snapshot().logicalUnits()).doesNotContain("rescue_db1");
    }

    @Test
    void aVmThatIsNotThereIsNotFound() {
        assertThatThrownBy(() -> engine.run(RescueAction.plan(hostA, localA,
                new RescueRequest("sim-a", "nope", rescueImage))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND));
    }
}
