package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.ConfirmMigrationRequest;
import org.iaasengine.powervm.spec.RevertMigrationRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.SspDiskDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cold migration to the other managed system, with nova's confirm and revert. */
class ColdMigrateActionTest extends SimTestSupport {
    private DiskDriver sspB;
    private Vm spawned;

    @BeforeEach
    void spawnOnSsp() {
        sspB = new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-b"));
        spawned = engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1").withExtraVlans(List.of(200))));
    }

    private Vm migrate() {
        return engine.run(ColdMigrateAction.plan(hostA, sspA, hostB, sspB,
                new ColdMigrateRequest("sim-a", "web1", "sim-b", 4096, 1.0, 2)));
    }

    @Test
    void coldMigrateRunsTheVmOnTheTargetAndKeepsTheSourceOffUntilConfirmDeletesIt() {
        Vm moved = migrate();

        SimSnapshot s = sim.snapshot();
        assertThat(s.lpars()).containsEntry("web1", "running").containsEntry("web1-src", "not activated");
        assertThat(s.lparSystems()).containsEntry("web1", "sim-b").containsEntry("web1-src", "sim-a");
        assertThat(s.adapters()).containsExactlyInAnyOrder("web1-src/100", "web1-src/200", "web1/100", "web1/200");
        assertThat(s.scsiMappings()).containsExactlyInAnyOrder("vios-a:web1-src->boot_web1", "vios-b:web1->boot_web1");
        assertThat(moved.host()).isEqualTo("sim-b");
        assertThat(moved.state()).isEqualTo(VmState.RUNNING);
        assertThat(moved.vcpus()).isEqualTo(2);
        assertThat(moved.memoryKiB()).isEqualTo(4096L * 1024);
        assertThat(moved.uuid()).isNotEqualTo(spawned.uuid());
        assertThat(moved.macs()).hasSize(2).doesNotContainAnyElementsOf(spawned.macs());
        Vm src = model.vm("web1-src").orElseThrow();
        assertThat(src.state()).isEqualTo(VmState.SHUTOFF);
        assertThat(src.host()).isEqualTo("sim-a");
        assertThat(src.macs()).isEqualTo(spawned.macs());
        assertThat(src.isOwned()).isFalse();

        boolean deleted = engine.run(ConfirmMigrationAction.plan(hostA, sspA,
                new ConfirmMigrationRequest("sim-a", "web1")));

        assertThat(deleted).isTrue();
        SimSnapshot after = sim.snapshot();
        assertThat(after.lpars()).containsOnlyKeys("web1");
        assertThat(after.logicalUnits()).contains("boot_web1");
        assertThat(after.scsiMappings()).containsExactly("vios-b:web1->boot_web1");
        assertThat(model.vm("web1-src")).isEmpty();
        assertThat(model.vm("web1").orElseThrow().host()).isEqualTo("sim-b");
    }

    @Test
    void revertDeletesTheTargetAndRunsTheSourceAgainUnderItsName() {
        migrate();

        Vm back = engine.run(RevertMigrationAction.plan(hostB, sspB, hostA,
                new RevertMigrationRequest("sim-b", "web1", "sim-a")));

        SimSnapshot s = sim.snapshot();
        assertThat(s.lpars()).containsOnly(java.util.Map.entry("web1", "running"));
        assertThat(s.lparSystems()).containsEntry("web1", "sim-a");
        assertThat(s.adapters()).containsExactly("web1/100", "web1/200");
        assertThat(s.scsiMappings()).containsExactly("vios-a:web1->boot_web1");
        assertThat(back.uuid()).isEqualTo(spawned.uuid());
        assertThat(back.host()).isEqualTo("sim-a");
        assertThat(back.macs()).isEqualTo(spawned.macs());
        assertThat(back.vcpus()).isEqualTo(1);
        assertThat(model.vm("web1-src")).isEmpty();
        assertThat(model.snapshot().vms()).containsOnlyKeys("web1");
    }

    @Test
    void aFailedTargetPowerOnUndoesEverythingAndTheSourceRunsAgain() {
        sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, this::migrate);

        assertThat(e.failedStep()).isEqualTo("PowerOn");
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        SimSnapshot s = sim.snapshot();
        assertThat(s.lpars()).containsOnly(java.util.Map.entry("web1", "running"));
        assertThat(s.lparSystems()).containsEntry("web1", "sim-a");
        assertThat(s.adapters()).containsExactly("web1/100", "web1/200");
        assertThat(s.scsiMappings()).containsExactly("vios-a:web1->boot_web1");
        Vm vm = model.vm("web1").orElseThrow();
        assertThat(vm.host()).isEqualTo("sim-a");
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.isOwned()).isFalse();
        assertThat(model.vm("web1-src")).isEmpty();
    }

    @Test
    void aFailedSourcePowerOnInARevertLeavesTheTargetRunningAsBefore() {
        Vm moved = migrate();
        sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                RevertMigrationAction.plan(hostB, sspB, hostA, new RevertMigrationRequest("sim-b", "web1", "sim-a"))));

        assertThat(e.failedStep()).isEqualTo("PowerOn");
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        SimSnapshot s = sim.snapshot();
        assertThat(s.lpars()).containsEntry("web1", "running").containsEntry("web1-src", "not activated");
        assertThat(s.lparSystems()).containsEntry("web1", "sim-b");
        Vm vm = model.vm("web1").orElseThrow();
        assertThat(vm.host()).isEqualTo("sim-b");
        assertThat(vm.uuid()).isEqualTo(moved.uuid());
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(model.vm("web1-src")).isPresent();
    }

    @Test
    void localDisksCannotBeColdMigratedAndTheSameHostIsRefused() {
        assertThatThrownBy(() -> ColdMigrateAction.plan(hostA, localA, hostB, sspB,
                new ColdMigrateRequest("sim-a", "web1", "sim-b", 2048, 0.5, 1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("localdisk");
        assertThatThrownBy(() -> new ColdMigrateRequest("sim-a", "web1", "sim-a", 2048, 0.5, 1))
                .hasMessageContaining("another host");
        assertThatThrownBy(() -> new ColdMigrateRequest("sim-a", "a-name-of-twenty-eight-chars", "sim-b", 2048,
                0.5, 1)).hasMessageContaining("a-name-of-twenty-eight-chars-src");
    }
}
