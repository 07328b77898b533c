package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.commands.CreateLpar;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.simulator.SimFaults;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.junit.jupiter.api.Test;

/**
 * A request that takes effect and loses its answer (the case that makes duplicates): the commands
 * retry and must end with exactly what one answered request would have made.
 */
class LostReplyTest extends SimTestSupport {

    private void assertOneVmWithItsInventory(String disk) {
        SimSnapshot s = sim.snapshot();
        assertThat(s.lpars()).containsOnlyKeys("web1");
        assertThat(s.adapters()).containsExactly("web1/100");
        assertThat(s.scsiMappings()).containsExactly("vios-a:web1->" + disk);
        assertThat(s.runningJobs()).isEmpty();
        assertThat(model.vm("web1")).hasValueSatisfying(vm -> assertThat(vm.state()).isEqualTo(VmState.RUNNING));
    }

    @Test
    void theSimulatorAppliesTheRequestAndThenLosesItsAnswer() {
        sim.faults().loseReply("PUT", "LogicalPartition$", 1);

        PowerVmException e = catchThrowableOfType(PowerVmException.class, () -> client.create(
                Paths.lpars(sim.systemUuid("sim-a")), LogicalPartition.create("lost1", 1024, 0.1, 1)));

        assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT);
        assertThat(e.httpStatus()).isZero();
        assertThat(sim.snapshot().lpars()).containsOnlyKeys("lost1");
        assertThat(sim.faults().fired(SimFaults.Kind.LOST_REPLY)).isEqualTo(1);
    }

    @Test
    void spawnWhoseLparCreationLostItsAnswerMakesOneLpar() {
        sim.faults().loseReply("PUT", "LogicalPartition$", 1);

        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        assertOneVmWithItsInventory("b_web1");
        assertThat(sim.lparUuid("web1")).contains(CreateLpar.uuidOf("web1"));
    }

    @Test
    void anLparOfTheSameNameMadeBeforeIsNotTakenAsOurs() {
        client.create(Paths.lpars(sim.systemUuid("sim-a")), LogicalPartition.create("web1", 1024, 0.1, 1));

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1"))));

        assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
        assertThat(sim.snapshot().lpars()).hasSize(1);
        assertThat(sim.lparUuid("web1")).isNotEqualTo(java.util.Optional.of(CreateLpar.uuidOf("web1")));
    }

    @Test
    void spawnWhoseAdapterOrDiskCreationLostItsAnswerMakesOneOfEach() {
        sim.faults().loseReply("PUT", "ClientNetworkAdapter$", 1);
        sim.faults().loseReply("POST", "VolumeGroup/", 2); // the image cache, then the boot disk

        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        assertOneVmWithItsInventory("b_web1");
        assertThat(sim.snapshot().virtualDisks()).containsExactlyInAnyOrder("i_rhel9", "b_web1");
    }

    @Test
    void spawnOnThePoolWhoseUnitCreationLostItsAnswerMakesOneUnit() {
        sim.faults().loseReply("POST", "SharedStoragePool/", 2);

        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));

        assertOneVmWithItsInventory("boot_web1");
        assertThat(sim.snapshot().logicalUnits()).containsExactlyInAnyOrder("image_rhel9", "boot_web1");
    }

    @Test
    void spawnWhosePowerOnLostItsAnswerRunsTheVmOnce() {
        sim.faults().loseReply("PUT", "/do/PowerOn$", 1);

        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        assertOneVmWithItsInventory("b_web1");
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
    }

    @Test
    void destroyWhoseUnmapLostItsAnswerStillDeletesTheBootDisk() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.faults().loseReply("POST", "^VirtualIOServer/[^/]+$", 1);

        assertThat(engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web1")))).isTrue();

        assertThat(sim.snapshot().holdsNoVmResources()).isTrue();
        assertThat(sim.snapshot().virtualDisks()).containsExactly("i_rhel9");
        assertThat(model.vm("web1")).isEmpty();
    }

    @Test
    void powerOffAndPowerOnWhoseJobLostItsAnswerEndInTheRightStateAndTheModelSaysSo() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.faults().loseReply("PUT", "/do/PowerOff$", 1);

        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));

        assertThat(sim.snapshot().lpars()).containsEntry("web1", "not activated");
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.SHUTOFF);
        sim.faults().loseReply("PUT", "/do/PowerOn$", 1);

        engine.run(PowerOnAction.plan(hostA, new VmRequest("web1")));

        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.RUNNING);
        assertThat(sim.snapshot().runningJobs()).isEmpty();
    }
}
