package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.VmRequest;
import org.junit.jupiter.api.Test;

class MigrateActionTest extends SimTestSupport {

    @Test
    void liveMigrationOfAnSspVmMovesItAndItsMappingToTheTargetSystem() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));

        Vm vm = engine.run(MigrateAction.plan(hostA, hostB, new VmRequest("web1")));

        SimSnapshot s = sim.snapshot();
        assertThat(s.lparSystems()).containsEntry("web1", "sim-b");
        assertThat(s.scsiMappings()).containsExactly("vios-b:web1->boot_web1");
        assertThat(vm.host()).isEqualTo("sim-b");
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.isOwned()).isFalse();
        assertThat(sim.requests()).anyMatch(r -> r.endsWith("do/MigrateValidate"));
    }

    @Test
    void migrationOfALocalDiskVmIsRefusedByValidationAndNothingMoves() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(MigrateAction.plan(hostA, hostB, new VmRequest("web1"))));

        assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
        assertThat(sim.snapshot().lparSystems()).containsEntry("web1", "sim-a");
        assertThat(sim.requests()).noneMatch(r -> r.endsWith("do/Migrate"));
        assertThat(model.vm("web1")).hasValueSatisfying(v -> {
            assertThat(v.host()).isEqualTo("sim-a");
            assertThat(v.state()).isEqualTo(VmState.RUNNING);
        });
    }

    @Test
    void aFailedMigrateJobIsAbortedAndTheVmStaysOnTheSource() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));
        sim.faults().failJob("Migrate", JobStatus.COMPLETED_WITH_ERROR, 1);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(MigrateAction.plan(hostA, hostB, new VmRequest("web1"))));

        assertThat(e.failedStep()).startsWith("MigrateLpar");
        assertThat(sim.requests()).anyMatch(r -> r.startsWith("PUT") && r.endsWith("do/MigrateAbort"));
        assertThat(sim.snapshot().lparSystems()).containsEntry("web1", "sim-a");
        assertThat(model.vm("web1").orElseThrow().host()).isEqualTo("sim-a");
    }

    @Test
    void aMigrationPastItsJobTimeoutIsCancelledAndAborted() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));
        sim.faults().holdJobs("Migrate");
        PowerVmHost impatient = hostA.withTimeouts(new PowerVmHost.Timeouts(java.time.Duration.ofSeconds(5),
                java.time.Duration.ofMillis(150), java.time.Duration.ofSeconds(20)));

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(MigrateAction.plan(impatient, hostB, new VmRequest("web1"))));

        assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(sim.cancelledJobs()).isNotEmpty();
        assertThat(sim.requests()).anyMatch(r -> r.endsWith("do/MigrateAbort"));
        assertThat(sim.snapshot().runningJobs()).isEmpty();
        assertThat(sim.snapshot().lparSystems()).containsEntry("web1", "sim-a");
    }
}
