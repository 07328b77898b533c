package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.junit.jupiter.api.Test;

class PowerActionsTest extends SimTestSupport {

    private void spawn() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
    }

    private List<String> powerOffOperations() {
        return sim.requests().stream().filter(r -> r.startsWith("PUT") && r.endsWith("do/PowerOff")).toList();
    }

    @Test
    void powerOffWithTheOsShutsTheLparDownAndTheModelSaysShutoff() {
        spawn();

        Vm vm = engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));

        assertThat(vm.state()).isEqualTo(VmState.SHUTOFF);
        assertThat(vm.isOwned()).isFalse();
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "not activated");
        assertThat(powerOffOperations()).hasSize(1);
    }

    @Test
    void powerOffEscalatesFromOsShutdownToTheServiceProcessorWhenTheOsRefuses() {
        spawn();
        sim.faults().failJob("PowerOff", "operation", "osshutdown", JobStatus.COMPLETED_WITH_ERROR, 2);

        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));

        assertThat(powerOffOperations()).hasSize(3); // OS normal, OS immediate, VSP normal
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "not activated");
    }

    @Test
    void powerOffWithoutEscalationFailsAndTheModelGetsItsStateBack() {
        spawn();
        sim.faults().failJob("PowerOff", JobStatus.COMPLETED_WITH_ERROR, 1);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.VSP_NORMAL, false))));

        assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
        assertThat(model.vm("web1")).hasValueSatisfying(vm -> {
            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            assertThat(vm.isOwned()).isFalse();
        });
    }

    @Test
    void theModelShowsStoppingWhileThePowerOffRuns() {
        spawn();
        List<VmState> seen = new CopyOnWriteArrayList<>();
        model.addListener(change -> model.vm("web1").ifPresent(v -> seen.add(v.state())));

        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.VSP_HARD, true)));

        assertThat(seen).containsSubsequence(VmState.STOPPING, VmState.SHUTOFF);
    }

    @Test
    void powerOnStartsAStoppedLpar() {
        spawn();
        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.VSP_HARD, false)));

        Vm vm = engine.run(PowerOnAction.plan(hostA, new VmRequest("web1")));

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
    }

    @Test
    void powerOnOfAMissingLparFailsNotFound() {
        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(PowerOnAction.plan(hostA, new VmRequest("ghost"))));

        assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(e.getMessage()).contains("ghost");
    }

    @Test
    void rebootRestartsARunningLpar() {
        spawn();

        Vm vm = engine.run(RebootAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(powerOffOperations()).hasSize(1);
    }

    @Test
    void rebootOfAStoppedLparIsAConflict() {
        spawn();
        sim.setLparState("web1", "not activated");

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                RebootAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true))));

        assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
    }

    /** Without RMC the OS cannot be asked to shut down: escalation starts at the service processor. */
    static class WithoutRmc extends SimTestSupport {
        @Override
        protected PowerVmSimulator.Builder simulator() {
            return PowerVmSimulator.builder().rmcActiveAfterBoot(false);
        }

        @Test
        void powerOffSkipsOsModesWhenRmcIsInactive() {
            engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

            engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));

            assertThat(sim.requests().stream().filter(r -> r.startsWith("PUT") && r.endsWith("do/PowerOff")))
                    .hasSize(1);
            assertThat(sim.snapshot().lpars()).containsEntry("web1", "not activated");
        }
    }
}
