package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.SpawnVolume;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.spec.VolumeRequest.Connector;
import org.junit.jupiter.api.Test;

/**
 * Volumes given at spawn, connected before power-on on every VIOS that can serve them (a simulator
 * with two VIOSes per system), and boot from volume without a local disk.
 */
class SpawnVolumesTest extends SimTestSupport {
    static final String UDID = "01M0lCTTIxNDUxMjQ2MDA1MDc2ODAyODI4";
    static final SpawnVolume VSCSI = new SpawnVolume(Connector.VSCSI, UDID);
    static final SpawnVolume NPIV = new SpawnVolume(Connector.NPIV, "fcs0");

    @Override
    protected PowerVmSimulator.Builder simulator() {
        return PowerVmSimulator.builder().dualVios(true);
    }

    private void lunSeenBy(String... vioses) {
        for (String v : vioses) {
            sim.addFcVolume(v, "hdisk5", UDID, 51200);
        }
    }

    private String viosPath(String vios) {
        return "^VirtualIOServer/" + sim.viosUuid(vios) + "$";
    }

    @Test
    void vscsiAndNpivVolumesAreMappedOnBothViosesBeforePowerOn() {
        lunSeenBy("vios-a", "vios-a2");

        Vm vm = engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1").withVolumes(List.of(VSCSI, NPIV))));

        SimSnapshot s = sim.snapshot();
        assertThat(s.scsiMappings()).containsExactlyInAnyOrder("vios-a:web1->b_web1", "vios-a:web1->hdisk5",
                "vios-a2:web1->hdisk5");
        assertThat(s.fcMappings()).containsExactlyInAnyOrder("vios-a:web1->fcs0", "vios-a2:web1->fcs0");
        assertThat(vm.state()).isEqualTo(VmState.RUNNING);
        List<String> requests = sim.requests();
        int lastViosWrite = -1;
        int powerOn = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).matches("POST uom/VirtualIOServer/[^/]+$")) {
                lastViosWrite = i;
            }
            if (requests.get(i).matches("PUT uom/LogicalPartition/.*/do/PowerOn")) {
                powerOn = i;
            }
        }
        assertThat(lastViosWrite).as("the last mapping write comes before the power-on").isLessThan(powerOn);
    }

    @Test
    void bootFromVolumeMakesNoLocalDiskCachesNoImageAndNeedsNoDiskDriver() {
        lunSeenBy("vios-a", "vios-a2");

        Vm vm = engine.run(SpawnAction.plan(hostA, null,
                SpawnRequest.bootFromVolume("web1", 2048, 0.5, 1, 100, VSCSI, NPIV)));

        SimSnapshot s = sim.snapshot();
        assertThat(s.virtualDisks()).isEmpty();
        assertThat(s.logicalUnits()).noneMatch(u -> u.startsWith("boot_") || u.startsWith("image_"));
        assertThat(s.scsiMappings()).containsExactly("vios-a:web1->hdisk5", "vios-a2:web1->hdisk5");
        assertThat(s.fcMappings()).containsExactlyInAnyOrder("vios-a:web1->fcs0", "vios-a2:web1->fcs0");
        assertThat(s.lpars()).containsEntry("web1", "running");
        assertThat(vm.definitionRef()).isNull();
        assertThat(model.vm("web1")).contains(vm);
        assertThat(count("POST uom/VirtualIOServer/" + sim.viosUuid("vios-a") + "/VolumeGroup")).isZero();
    }

    @Test
    void aLunOnlyOneViosSeesIsMappedThereOnly() {
        lunSeenBy("vios-a2");

        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1").withVolumes(List.of(VSCSI))));

        assertThat(sim.snapshot().scsiMappings()).containsExactlyInAnyOrder("vios-a:web1->b_web1",
                "vios-a2:web1->hdisk5");
    }

    @Test
    void aLunNoViosSeesIsNotFoundNamingItAndTheSpawnLeavesNothing() {
        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                SpawnAction.plan(hostA, localA, spawnRequest("web1").withVolumes(List.of(VSCSI)))));

        assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(e).hasMessageContaining(UDID);
        assertThat(sim.snapshot().holdsNoVmResources()).as("%s", sim.snapshot()).isTrue();
        assertThat(model.vm("web1")).isEmpty();
    }

    @Test
    void aVscsiFailureOnTheSecondViosRemovesWhatTheFirstGot() {
        lunSeenBy("vios-a", "vios-a2");
        sim.faults().viosBusy("POST", viosPath("vios-a2"), 3);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                SpawnAction.plan(hostA, localA, spawnRequest("web1").withVolumes(List.of(VSCSI)))));

        assertThat(e.failedStep()).isEqualTo("ConnectVolume(vscsi " + UDID + ")");
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        assertThat(sim.snapshot().holdsNoVmResources()).as("%s", sim.snapshot()).isTrue();
    }

    @Test
    void anNpivFailureOnTheSecondViosRemovesWhatTheFirstGot() {
        sim.faults().viosBusy("POST", viosPath("vios-a2"), 3);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                SpawnAction.plan(hostA, localA, spawnRequest("web1").withVolumes(List.of(NPIV)))));

        assertThat(e.failedStep()).isEqualTo("ConnectVolume(npiv fcs0)");
        assertThat(sim.snapshot().fcMappings()).isEmpty();
        assertThat(sim.snapshot().holdsNoVmResources()).as("%s", sim.snapshot()).isTrue();
    }

    @Test
    void aFailedPowerOnDisconnectsTheVolumesOnBothVioses() {
        lunSeenBy("vios-a", "vios-a2");
        sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                SpawnAction.plan(hostA, null, SpawnRequest.bootFromVolume("web1", 2048, 0.5, 1, 100, VSCSI, NPIV))));

        assertThat(e.failedStep()).isEqualTo("PowerOn");
        assertThat(e.reverted()).contains("ConnectVolume(vscsi " + UDID + ")", "ConnectVolume(npiv fcs0)");
        assertThat(sim.snapshot().holdsNoVmResources()).as("%s", sim.snapshot()).isTrue();
    }

    @Test
    void destroyRemovesTheMappingsOnEveryViosAndKeepsTheLun() {
        lunSeenBy("vios-a", "vios-a2");
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1").withVolumes(List.of(VSCSI, NPIV))));

        engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web1")));

        assertThat(sim.snapshot().holdsNoVmResources()).as("%s", sim.snapshot()).isTrue();
        assertThat(sim.viosXml("vios-a2")).contains(UDID);
    }

    @Test
    void aSpawnRequestMixingBootFromVolumeWithAnImageOrGivingAVolumeTwiceIsRefused() {
        assertThatThrownBy(() -> new SpawnRequest(null, "web1", 2048, 0.5, 1, 100, IMAGE, 20, List.of(),
                List.of(VSCSI), true, null)).hasMessageContaining("boots from a volume").hasMessageContaining("rhel9");
        assertThatThrownBy(() -> new SpawnRequest(null, "web1", 2048, 0.5, 1, 100, null, 0, List.of(),
                List.of(), true, null)).hasMessageContaining("volumes 0");
        assertThatThrownBy(() -> spawnRequest("web1").withVolumes(List.of(NPIV, NPIV)))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> new SpawnVolume(Connector.NPIV, "eth0")).hasMessageContaining("'eth0'");
    }
}
