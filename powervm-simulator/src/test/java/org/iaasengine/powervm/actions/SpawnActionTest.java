package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpawnActionTest extends SimTestSupport {
    /** The path of a VIOS itself (not its volume groups). */
    private static final String VIOS = "^VirtualIOServer/[^/]+$";

    @Test
    void spawnOnLocalDiskCreatesARunningLparWithAdapterDiskAndMapping() {
        Vm vm = engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        SimSnapshot s = sim.snapshot();
        assertThat(s.lpars()).containsEntry("web1", "running");
        assertThat(s.adapters()).containsExactly("web1/100");
        assertThat(s.virtualDisks()).containsExactlyInAnyOrder("i_rhel9", "b_web1");
        assertThat(s.scsiMappings()).containsExactly("vios-a:web1->b_web1");
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(vm.host()).isEqualTo("sim-a");
        assertThat(vm.macs()).singleElement().asString().matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(model.vm("web1")).contains(vm);
    }

    @Test
    void spawnOnSharedStoragePoolClonesALogicalUnitFromTheImage() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));

        SimSnapshot s = sim.snapshot();
        assertThat(s.logicalUnits()).containsExactlyInAnyOrder("image_rhel9", "boot_web1");
        assertThat(s.scsiMappings()).containsExactly("vios-a:web1->boot_web1");
        assertThat(s.lpars()).containsEntry("web1", "running");
    }

    /** A failure injected so that the named step fails for good. */
    record StepFailure(String step, Consumer<PowerVmSimulator> inject, boolean precacheImage) {
        @Override
        public String toString() {
            return step;
        }
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of(new StepFailure("CreateLpar",
                        s -> s.faults().internalError("PUT", "LogicalPartition$", 1), false)),
                Arguments.of(new StepFailure("CreateClientNetworkAdapter",
                        s -> s.faults().internalError("PUT", "ClientNetworkAdapter$", 1), false)),
                Arguments.of(new StepFailure("CacheImage",
                        s -> s.faults().viosBusy("POST", "VolumeGroup/", 3), false)),
                Arguments.of(new StepFailure("CreateVirtualDisk",
                        s -> s.faults().viosBusy("POST", "VolumeGroup/", 3), true)),
                Arguments.of(new StepFailure("AddVscsiMapping",
                        s -> s.faults().viosBusy("POST", VIOS, 3), false)),
                Arguments.of(new StepFailure("PowerOn",
                        s -> s.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1), false)));
    }

    @ParameterizedTest(name = "failure at {0}")
    @MethodSource("failures")
    void spawnFailingAtAnyStepLeavesNoLparAdapterDiskOrMapping(StepFailure failure) {
        if (failure.precacheImage()) {
            engine.run(CleanImageCacheAction.plan(hostA, localA)); // harmless; then cache the image
            new LocalDiskDriver(client, sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"))
                    .cacheImage(IMAGE);
            engine.run(SpawnAction.plan(hostA, localA, spawnRequest("seed")));
            engine.run(DestroyAction.plan(hostA, localA, new VmRequest("seed")));
        }
        List<String> before = sim.snapshot().virtualDisks();
        failure.inject().accept(sim);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1"))));

        assertThat(e).isNotNull();
        assertThat(e.failedStep()).startsWith(failure.step());
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        SimSnapshot s = sim.snapshot();
        assertThat(s.holdsNoVmResources()).as("left behind: %s", s).isTrue();
        assertThat(s.virtualDisks()).isSubsetOf(union(before, List.of("i_rhel9")));
        assertThat(model.vm("web1")).isEmpty();
    }

    private static List<String> union(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).distinct().toList();
    }

    /** A revert made to fail once its forward step has succeeded. */
    record RevertFailureCase(String step, String method, String pathRegex, int times, String leftover) {
        @Override
        public String toString() {
            return step;
        }
    }

    static Stream<Arguments> revertFailures() {
        return Stream.of(
                Arguments.of(new RevertFailureCase("CreateLpar", "DELETE", "^LogicalPartition/[^/]+$", 1, "lpar")),
                Arguments.of(new RevertFailureCase("CreateClientNetworkAdapter", "DELETE", "ClientNetworkAdapter/", 1,
                        "none (deleting the LPAR deletes its adapters)")),
                Arguments.of(new RevertFailureCase("CreateVirtualDisk", "POST", "VolumeGroup/", 3, "disk")),
                Arguments.of(new RevertFailureCase("AddVscsiMapping", "POST", VIOS, 3, "mapping")));
    }

    @ParameterizedTest(name = "revert of {0} fails")
    @MethodSource("revertFailures")
    void aFailedRevertIsReportedInRevertFailuresAndTheOtherRevertsStillRun(RevertFailureCase c) {
        sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);
        List<String> done = new CopyOnWriteArrayList<>();
        engine.addListener(ev -> {
            if (ev instanceof EngineEvent.CommandSucceeded ok && ok.step().startsWith(c.step())
                    && done.isEmpty()) {
                done.add(ok.step());
                // Forward step done: from now on its undo request fails.
                if (c.times() == 1) {
                    sim.faults().internalError(c.method(), c.pathRegex(), 1);
                } else {
                    sim.faults().viosBusy(c.method(), c.pathRegex(), c.times());
                }
            }
        });

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1"))));

        assertThat(e.failedStep()).isEqualTo("PowerOn");
        assertThat(e.revertFailures()).extracting(RevertFailure::step).anyMatch(s -> s.startsWith(c.step()));
        assertThat(e.reverted()).noneMatch(s -> s.startsWith(c.step()));
        SimSnapshot s = sim.snapshot();
        switch (c.leftover()) {
            case "lpar" -> assertThat(s.lpars()).containsKey("web1");
            case "disk" -> assertThat(s.virtualDisks()).contains("b_web1");
            case "mapping" -> assertThat(s.scsiMappings()).isNotEmpty();
            default -> assertThat(s.holdsNoVmResources()).isTrue();
        }
        assertThat(e.revertFailures()).allSatisfy(f -> assertThat(f.cause()).isNotNull());
    }

    @Test
    void spawnRetriesEtagConflictsAndViosBusyAndDroppedConnections() {
        sim.faults().etagConflict(VIOS, 2);
        sim.faults().viosBusy("POST", "VolumeGroup/", 2);
        sim.faults().drop("PUT", "LogicalPartition$", 1);

        Vm vm = engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        assertThat(count("PUT uom/ManagedSystem/")).isEqualTo(2);
        assertThat(countMatching("POST uom/VirtualIOServer/[^/]+$")).isEqualTo(3);
        assertThat(countMatching("POST uom/VirtualIOServer/.*/VolumeGroup/.*")).isEqualTo(4);
        assertThat(sim.snapshot().lpars()).containsOnlyKeys("web1");
    }

    @Test
    void spawnRequestWithBadValuesIsRejectedBeforeAnyRequest() {
        int before = sim.requests().size();
        assertThatThrownBy(() -> spawnRequest("web 1")).hasMessageContaining("'web 1'");
        assertThatThrownBy(() -> new SpawnRequest("web1", 100, 0.5, 1, 100, IMAGE, 20))
                .hasMessageContaining("was 100");
        assertThatThrownBy(() -> new SpawnRequest("web1", 2048, 0.5, 1, 5000, IMAGE, 20))
                .hasMessageContaining("was 5000");
        assertThatThrownBy(() -> new SpawnRequest("web1", 2048, 0.5, 1, 100, IMAGE, 5))
                .hasMessageContaining("5 GB");
        assertThat(FailureCategory.of(catchThrowableOfType(RuntimeException.class, () -> spawnRequest("x/y"))))
                .isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(sim.requests()).hasSize(before);
    }
}
