package org.iaasengine.powervm.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.JobOptions;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmEvent;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.schema.Namespaces;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.iaasengine.powervm.xml.web.JobResponse;
import org.junit.jupiter.api.Test;

/** The simulator refuses what an HMC refuses: bodies out of the schema's order, updates without If-Match. */
class StrictnessTest extends SimTestSupport {

    @Test
    void aBodyWithItsElementsOutOfTheSchemasOrderIsRefused() {
        // An object read from a payload keeps that payload's order when written: here a wrong one.
        LogicalPartition misordered = PowerVmXml.unmarshal("<LogicalPartition xmlns=\"" + Namespaces.UOM + "\">"
                + "<PartitionName>bad1</PartitionName>"
                + "<PartitionMemoryConfiguration><DesiredMemory>1024</DesiredMemory></PartitionMemoryConfiguration>"
                + "</LogicalPartition>", LogicalPartition.class);

        PowerVmException e = catchThrowableOfType(PowerVmException.class,
                () -> client.create(Paths.lpars(sim.systemUuid("sim-a")), misordered));

        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
        assertThat(e.getMessage()).contains("PartitionMemoryConfiguration comes after PartitionName");
        assertThat(sim.snapshot().lpars()).isEmpty();
    }

    @Test
    void anUpdateWithoutIfMatchIsRefused() {
        String vg = Paths.volumeGroup(sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
        Entry<VolumeGroup> read = client.get(vg, VolumeGroup.class);

        PowerVmException e = catchThrowableOfType(PowerVmException.class,
                () -> client.update(vg, read.value(), null));

        assertThat(e.httpStatus()).isEqualTo(412);
        assertThat(client.update(vg, read.value(), read.etag()).etag()).isNotEqualTo(read.etag());
    }

    @Test
    void aJobIsRunningForSeveralPollsAndEventsSayWhatChanged() {
        engine.run(org.iaasengine.powervm.actions.SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        String lpar = sim.lparUuid("web1").orElseThrow();
        client.pollEvents();

        JobResponse done = client.runJob(Paths.lpar(lpar), "PowerOff", Map.of("operation", "shutdown"),
                JobOptions.timeout(java.time.Duration.ofSeconds(5)));
        List<PowerVmEvent> events = client.pollEvents();

        assertThat(done.status).isEqualTo("COMPLETED_OK");
        // two jobs (the spawn's PowerOn, this PowerOff), each read RUNNING twice, then once finished
        assertThat(countMatching("GET uom/jobs/\\d+")).isEqualTo(2 * 3);
        assertThat(events).anySatisfy(ev -> {
            assertThat(ev.type()).isEqualTo("MODIFY_URI");
            assertThat(ev.data()).endsWith("/ManagedSystem/" + sim.systemUuid("sim-a") + "/LogicalPartition/" + lpar);
            assertThat(ev.detail()).isEqualTo("PartitionState,RMCState,Other");
        });
    }
}
