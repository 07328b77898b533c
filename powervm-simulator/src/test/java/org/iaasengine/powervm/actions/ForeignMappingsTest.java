package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.EngineListener;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.XmlTrees;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Mappings the library did not make (a configuration drive another tool mapped, storage of a kind
 * the model does not know) and details it does not model (an NPIV port's location code, unique
 * device id and port counts, target devices) survive the library's rewrites of the VIOS, and never
 * make an action fail: Destroy unmaps them with the VM, and maps them again when it reverts.
 */
class ForeignMappingsTest extends SimTestSupport {

    private Element vios() {
        return XmlTrees.parse(sim.viosXml("vios-a"));
    }

    private List<Element> scsiMappingsOf(Element vios, String lpar) {
        return XmlTrees.children(XmlTrees.child(vios, "VirtualSCSIMappings"), "VirtualSCSIMapping",
                XmlTrees.ofLpar(sim.lparUuid(lpar).orElseThrow()));
    }

    private List<Element> fcMappingsOf(Element vios, String lpar) {
        return XmlTrees.children(XmlTrees.child(vios, "VirtualFibreChannelMappings"), "VirtualFibreChannelMapping",
                XmlTrees.ofLpar(sim.lparUuid(lpar).orElseThrow()));
    }

    @Test
    void destroyUnmapsEveryMappingOfTheVmWhateverItsStorageAndLeavesTheOthersAlone() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("db1")));
        sim.mapOpticalMedia("vios-a", "web1", "cfg_web1.iso");
        sim.mapForeignStorage("vios-a", "web1", "VirtualTapeDevice", "rmt0");
        sim.mapOpticalMedia("vios-a", "db1", "cfg_db1.iso");
        List<Element> db1Before = scsiMappingsOf(vios(), "db1");

        boolean existed = engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web1")));

        assertThat(existed).isTrue();
        assertThat(sim.snapshot().lpars()).containsOnlyKeys("db1");
        assertThat(sim.snapshot().scsiMappings()).containsExactlyInAnyOrder("vios-a:db1->b_db1",
                "vios-a:db1->cfg_db1.iso");
        assertThat(sim.snapshot().virtualDisks()).doesNotContain("b_web1");
        List<Element> db1After = scsiMappingsOf(vios(), "db1");
        assertThat(db1After).hasSameSizeAs(db1Before);
        for (int i = 0; i < db1Before.size(); i++) {
            assertThat(XmlTrees.differences(db1Before.get(i), db1After.get(i))).isEmpty();
        }
    }

    @Test
    void rewritesOfTheViosKeepNpivPortDetailsTargetDevicesAndOtherToolsMappings() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));
        engine.run(AttachVolumeAction.plan(hostA, new VolumeRequest("web1", VolumeRequest.Connector.NPIV, "fcs0")));
        sim.mapOpticalMedia("vios-a", "web1", "cfg_web1.iso");
        sim.mapForeignStorage("vios-a", "web1", "VirtualTapeDevice", "rmt0");
        Element before = vios();
        assertThat(XmlTrees.text(fcMappingsOf(before, "web1").get(0), "Port/TotalPorts")).isEqualTo("64");

        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("db1")));   // a vSCSI mapping added
        engine.run(AttachVolumeAction.plan(hostA, new VolumeRequest("db1", VolumeRequest.Connector.NPIV, "fcs1")));

        Element after = vios();
        assertThat(XmlTrees.differences(fcMappingsOf(before, "web1").get(0), fcMappingsOf(after, "web1").get(0)))
                .isEmpty();
        List<Element> web1Before = scsiMappingsOf(before, "web1");
        List<Element> web1After = scsiMappingsOf(after, "web1");
        assertThat(web1After).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(XmlTrees.differences(web1Before.get(i), web1After.get(i))).isEmpty();
        }
        assertThat(XmlTrees.text(web1After.get(1), "Storage/VirtualOpticalMedia/MediaName"))
                .isEqualTo("cfg_web1.iso");
        assertThat(XmlTrees.text(web1After.get(2), "Storage/VirtualTapeDevice/DeviceName")).isEqualTo("rmt0");
    }

    @Test
    void aDestroyThatFailsAfterUnmappingMapsTheOpticalAndForeignStorageAgainAsTheyWere() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.mapOpticalMedia("vios-a", "web1", "cfg_web1.iso");
        sim.mapForeignStorage("vios-a", "web1", "VirtualTapeDevice", "rmt0");
        List<Element> before = scsiMappingsOf(vios(), "web1");
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        EngineListener failNpivUnmap = ev -> {
            if (ev instanceof EngineEvent.CommandStarted c && c.step().contains("RemoveVfcMapping")
                    && once.compareAndSet(false, true)) { // as many failures as the step has attempts
                sim.faults().internalError("GET", "VirtualIOServer", 3);
            }
        };
        engine.addListener(failNpivUnmap);

        ActionFailedException failed = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web1"))));
        engine.removeListener(failNpivUnmap);

        assertThat(failed.revertFailures()).isEmpty();
        List<Element> after = scsiMappingsOf(vios(), "web1");
        assertThat(after).hasSize(3);
        assertThat(XmlTrees.text(after.get(1), "Storage/VirtualOpticalMedia/MediaName")).isEqualTo("cfg_web1.iso");
        assertThat(XmlTrees.differences(XmlTrees.child(before.get(2), "Storage"),
                XmlTrees.child(after.get(2), "Storage"))).isEmpty();
        assertThat(sim.snapshot().lpars()).containsKey("web1");
    }
}
