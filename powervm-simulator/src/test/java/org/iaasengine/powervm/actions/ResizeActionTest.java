package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.simulator.SimFaults;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ExtendDiskRequest;
import org.iaasengine.powervm.spec.LparShape;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.Resized;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.junit.jupiter.api.Test;

/**
 * Resize of a powered-off LPAR, and of a running one within its minimum and maximum (DLPAR); extend
 * of a boot disk.
 */
class ResizeActionTest extends SimTestSupport {

    private LparShape simShape() {
        return LparShape.of(client.get(Paths.lpar(sim.lparUuid("web1").orElseThrow()), LogicalPartition.class)
                .value());
    }

    private void spawnAndPowerOff() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.VSP_HARD, false)));
    }

    private static ResizeRequest resize(long mb, double units, int vcpus, LparShape range) {
        return new ResizeRequest("sim-a", "web1", mb, units, vcpus, range);
    }

    @Test
    void aPoweredOffLparTakesNewMemoryAndProcessorsAndTheModelFollows() {
        spawnAndPowerOff();

        Resized r = engine.run(ResizeAction.plan(hostA, resize(4096, 1.0, 2, null)));

        assertThat(r.running()).isFalse();
        assertThat(r.before()).isEqualTo(LparShape.of(2048, 0.5, 1));
        assertThat(simShape()).isEqualTo(new LparShape(4096, 1.0, 2, 2048, 4096, 0.5, 1.0, 1, 2));
        assertThat(model.vm("web1").orElseThrow().vcpus()).isEqualTo(2);
        assertThat(model.vm("web1").orElseThrow().memoryKiB()).isEqualTo(4096L * 1024);
    }

    @Test
    void aRunningLparIsResizedWithinTheRangeItWasGivenOff() {
        spawnAndPowerOff();
        LparShape range = LparShape.of(2048, 0.5, 1).withRange(1024, 8192, 0.25, 2.0, 1, 4);
        engine.run(ResizeAction.plan(hostA, resize(2048, 0.5, 1, range)));
        engine.run(PowerOnAction.plan(hostA, new VmRequest("web1")));

        Resized r = engine.run(ResizeAction.plan(hostA, resize(6144, 1.5, 3, null)));

        assertThat(r.running()).isTrue();
        assertThat(simShape()).isEqualTo(LparShape.of(6144, 1.5, 3).withRange(1024, 8192, 0.25, 2.0, 1, 4));
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(model.vm("web1").orElseThrow().memoryKiB()).isEqualTo(6144L * 1024);
    }

    @Test
    void aRunningLparResizedBeyondItsMaximumIsInvalidInputNamingTheValueAndNothingIsWritten() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1"))); // range = desired values
        int before = sim.requests().size();

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(ResizeAction.plan(hostA, resize(8192, 0.5, 1, null))));

        assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(e).hasRootCauseInstanceOf(InvalidInputException.class)
                .hasMessageContaining("memory 8192 MB is outside 2048..2048 MB")
                .hasMessageContaining("running LPAR 'web1'");
        assertThat(sim.requests().subList(before, sim.requests().size())).noneMatch(q -> q.startsWith("POST"));
        assertThat(simShape()).isEqualTo(LparShape.of(2048, 0.5, 1));
        assertThat(model.vm("web1").orElseThrow().vcpus()).isEqualTo(1);
    }

    @Test
    void aNewRangeOnARunningLparIsRefused() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                ResizeAction.plan(hostA, resize(2048, 0.5, 1, LparShape.of(2048, 0.5, 1)
                        .withRange(1024, 4096, 0.5, 1.0, 1, 2)))));

        assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(e).hasMessageContaining("cannot change while it runs");
    }

    @Test
    void aResizeWhosePostAnswerIsLostWritesOnceAndReportsTheOriginalShape() {
        spawnAndPowerOff();
        sim.faults().loseReply("POST", "^LogicalPartition/[^/]+$", 1);

        Resized r = engine.run(ResizeAction.plan(hostA, resize(4096, 1.0, 2, null)));

        assertThat(r.before()).isEqualTo(LparShape.of(2048, 0.5, 1));
        assertThat(simShape().memoryMb()).isEqualTo(4096);
        assertThat(countMatching("POST uom/LogicalPartition/[^/]+$")).isEqualTo(1);
    }

    @Test
    void aFailureAfterTheWriteTookEffectWritesTheOldShapeBack() {
        spawnAndPowerOff();
        // calls: 1 find the LPAR, 2 read it, 3 POST (takes effect, answer lost), 4 the retry's read fails
        sim.faults().atRequest(3, SimFaults.Kind.LOST_REPLY).atRequest(4, SimFaults.Kind.INTERNAL_ERROR);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(ResizeAction.plan(hostA, resize(4096, 1.0, 2, null))));

        assertThat(e.failedStep()).isEqualTo("ResizeLpar(web1)");
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        assertThat(simShape()).isEqualTo(LparShape.of(2048, 0.5, 1));
        assertThat(model.vm("web1").orElseThrow().memoryKiB()).isEqualTo(2048L * 1024);
    }

    @Test
    void badResizeValuesAreRefusedNamingThem() {
        assertThatThrownBy(() -> resize(100, 0.5, 1, null)).hasMessageContaining("was 100");
        assertThatThrownBy(() -> resize(2048, 3.0, 1, null)).hasMessageContaining("was 3.0");
        assertThatThrownBy(() -> LparShape.of(2048, 0.5, 1).withRange(4096, 8192, 0.5, 0.5, 1, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("memory 2048 MB");
        assertThatThrownBy(() -> resize(4096, 0.5, 1, LparShape.of(2048, 0.5, 1)))
                .hasMessageContaining("desired values");
    }

    private double bootDiskGb() {
        return client.get(Paths.volumeGroup(sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg")),
                VolumeGroup.class).value().virtualDisks.disks.stream().filter(d -> d.diskName.equals("b_web1"))
                .findFirst().orElseThrow().diskCapacity;
    }

    @Test
    void extendDiskGrowsTheBootDiskOnceEvenWhenTheAnswerIsLost() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.faults().loseReply("POST", "VolumeGroup/", 1);

        DiskRef d = engine.run(ExtendDiskAction.plan(hostA, localA, new ExtendDiskRequest("sim-a", "web1", 40)));

        assertThat(d.name()).isEqualTo("b_web1");
        assertThat(bootDiskGb()).isEqualTo(40.0);
        assertThat(countMatching("POST uom/VirtualIOServer/.*/VolumeGroup/.*")).isEqualTo(3); // image, disk, extend
    }

    @Test
    void extendDiskToLessIsInvalidInputNamingBothSizesAndTheSimulatorRefusesAShrinkToo() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                ExtendDiskAction.plan(hostA, localA, new ExtendDiskRequest("sim-a", "web1", 10))));

        assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(e).hasMessageContaining("b_web1 has 20.0 GB: it cannot shrink to 10 GB");
        assertThat(bootDiskGb()).isEqualTo(20.0);
        assertThatThrownBy(() -> client.modify(Paths.volumeGroup(sim.viosUuid("vios-a"),
                sim.volumeGroupUuid("vios-a", "rootvg")), VolumeGroup.class, g -> {
                    g.virtualDisks.disks.stream().filter(x -> x.diskName.equals("b_web1")).findFirst().orElseThrow()
                            .diskCapacity = 5.0;
                    return true;
                })).hasMessageContaining("cannot shrink");
    }

    @Test
    void aDiskDriverThatCannotExtendIsNamedWhenThePlanIsMade() {
        assertThatThrownBy(() -> ExtendDiskAction.plan(hostA, sspA, new ExtendDiskRequest("sim-a", "web1", 40)))
                .isInstanceOf(InvalidInputException.class).hasMessage("the ssp disk driver cannot extend disks");
    }
}
