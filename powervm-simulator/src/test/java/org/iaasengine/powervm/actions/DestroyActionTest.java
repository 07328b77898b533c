package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.junit.jupiter.api.Test;

class DestroyActionTest extends SimTestSupport {

    @Test
    void destroyRemovesLparAdapterMappingAndDiskButKeepsTheImageCache() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        boolean existed = engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web1")));

        assertThat(existed).isTrue();
        SimSnapshot s = sim.snapshot();
        assertThat(s.holdsNoVmResources()).as("%s", s).isTrue();
        assertThat(s.virtualDisks()).containsExactly("i_rhel9");
        assertThat(model.vm("web1")).isEmpty();
    }

    @Test
    void destroyOfAnLparAlreadyGoneSucceeds() {
        boolean existed = engine.run(DestroyAction.plan(hostA, localA, new VmRequest("ghost")));

        assertThat(existed).isFalse();
        assertThat(sim.requests()).noneMatch(r -> r.startsWith("DELETE") || r.startsWith("POST"));
    }

    @Test
    void destroyOfAStoppedSspVmSkipsPowerOffAndDeletesItsLogicalUnit() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));
        sim.setLparState("web1", "not activated");

        engine.run(DestroyAction.plan(hostA, sspA, new VmRequest("web1")));

        assertThat(sim.snapshot().logicalUnits()).containsExactly("image_rhel9");
        assertThat(sim.requests()).noneMatch(r -> r.contains("do/PowerOff"));
    }

    @Test
    void destroyRetriesWhileTheViosIsBusyAndLeavesAttachedVolumesInPlace() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.addFcVolume("vios-a", "hdisk7", "01MUlCTSAgICAgSVBSLTAgIC", 51200);
        engine.run(AttachVolumeAction.plan(hostA, new VolumeRequest("web1", VolumeRequest.Connector.VSCSI,
                "01MUlCTSAgICAgSVBSLTAgIC")));
        sim.faults().viosBusy("POST", "^VirtualIOServer/[^/]+$", 2);

        engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web1")));

        SimSnapshot s = sim.snapshot();
        assertThat(s.holdsNoVmResources()).as("%s", s).isTrue();
        assertThat(countMatching("POST uom/VirtualIOServer/[^/]+$")).isGreaterThanOrEqualTo(3);
    }
}
