package org.iaasengine.powervm.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.actions.SpawnAction;
import org.junit.jupiter.api.Test;

class PowerVmSimulatorTest extends SimTestSupport {

    @Test
    void twoSimulatorsGivenTheSameRequestsAnswerTheSame() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        List<String> first = sim.requests();
        SimSnapshot firstState = sim.snapshot();
        String firstUuid = sim.lparUuid("web1").orElseThrow();

        stopSimulator();
        startSimulator();
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        assertThat(sim.requests()).isEqualTo(first);
        assertThat(sim.snapshot()).isEqualTo(firstState);
        assertThat(sim.lparUuid("web1")).contains(firstUuid);
    }

    @Test
    void everyWriteChangesTheEtag() {
        String vg = org.iaasengine.powervm.rest.Paths.volumeGroup(sim.viosUuid("vios-a"),
                sim.volumeGroupUuid("vios-a", "rootvg"));
        String before = client.get(vg, org.iaasengine.powervm.xml.uom.VolumeGroup.class).etag();

        String after = client.modify(vg, org.iaasengine.powervm.xml.uom.VolumeGroup.class, g -> g.virtualDisks.disks
                .add(org.iaasengine.powervm.xml.uom.VirtualDisk.of("d1", 1, null))).etag();

        assertThat(after).isNotEqualTo(before);
    }
}
