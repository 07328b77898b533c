package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.spec.VolumeRequest.Connector;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.iaasengine.powervm.storage.VolumeAttachment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VolumeActionsTest extends SimTestSupport {
    private static final String UDID = "01M0lCTTIxNDUxMjQ2MDA1MDc2ODAyODI4";

    @BeforeEach
    void spawn() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));
    }

    @Test
    void aVscsiVolumeTheViosSeesIsMappedAndUnmapped() {
        sim.addFcVolume("vios-a", "hdisk5", UDID, 51200);

        VolumeAttachment a = engine.run(AttachVolumeAction.plan(hostA, new VolumeRequest("web1", Connector.VSCSI, UDID)));

        assertThat(a.device()).isEqualTo("hdisk5");
        assertThat(sim.snapshot().scsiMappings()).contains("vios-a:web1->hdisk5");

        VolumeAttachment d = engine.run(DetachVolumeAction.plan(hostA, new VolumeRequest("web1", Connector.VSCSI, UDID)));

        assertThat(d).isNotNull();
        assertThat(sim.snapshot().scsiMappings()).containsExactly("vios-a:web1->boot_web1");
    }

    @Test
    void aVscsiVolumeTheViosDoesNotSeeFailsNotFoundAndMapsNothing() {
        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                AttachVolumeAction.plan(hostA, new VolumeRequest("web1", Connector.VSCSI, UDID))));

        assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(e.getMessage()).contains(UDID);
        assertThat(sim.snapshot().scsiMappings()).containsExactly("vios-a:web1->boot_web1");
    }

    @Test
    void npivGivesTheLparTwoWwpnsOnThePortAndDetachRemovesThem() {
        VolumeAttachment a = engine.run(AttachVolumeAction.plan(hostA, new VolumeRequest("web1", Connector.NPIV,
                "fcs0")));

        assertThat(a.wwpns()).hasSize(2).allMatch(w -> w.matches("[0-9A-F]{16}"));
        assertThat(sim.snapshot().fcMappings()).containsExactly("vios-a:web1->fcs0");

        engine.run(DetachVolumeAction.plan(hostA, new VolumeRequest("web1", Connector.NPIV, "fcs0")));

        assertThat(sim.snapshot().fcMappings()).isEmpty();
    }

    @Test
    void detachOfAVolumeNotAttachedSucceedsWithNothingToDo() {
        VolumeAttachment d = engine.run(DetachVolumeAction.plan(hostA, new VolumeRequest("web1", Connector.NPIV,
                "fcs1")));

        assertThat(d).isNull();
    }

    @Test
    void npivOnAPortTheViosLacksIsRejectedAndNothingIsLeft() {
        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                AttachVolumeAction.plan(hostA, new VolumeRequest("web1", Connector.NPIV, "fcs9"))));

        assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(sim.snapshot().fcMappings()).isEmpty();
    }
}
