package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.iaasengine.core.Engine;
import org.iaasengine.core.JournaledRun;
import org.iaasengine.journal.ActionEntry;
import org.iaasengine.journal.JournalRecovery;
import org.iaasengine.journal.RecordEntry;
import org.iaasengine.journal.SqlJournal;
import org.iaasengine.powervm.actions.PowerVmPlanContext;
import org.iaasengine.powervm.actions.PowerVmRegistry;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.spec.AttachVolumeRequest;
import org.iaasengine.powervm.spec.DestroyRequest;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.PowerOnRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.iaasengine.request.ActionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PowerVM actions through a journaled engine on the HMC simulator: every run is recorded, and
 * every result of every step reads back from the journal as its key's type, so that a recovery
 * could rebuild each run (none is left pending for want of a readable record).
 */
class PowerVmJournalTest {
    @TempDir
    Path dir;

    @Test
    void everyStepResultOfThePowerVmActionsReadsBackFromTheJournal() {
        try (PowerVmFaultInjectionTest.World w = new PowerVmFaultInjectionTest.World();
                SqlJournal journal = SqlJournal.sqlite(dir.resolve("journal.db")).open();
                Engine engine = Engine.builder().workers(2).journal(journal).build()) {
            PowerVmPlanContext ctx = PowerVmPlanContext.of(w.hostA, w.hostB).withDisks("sim-a", w.ssp)
                    .withDisks("sim-b", new LocalDiskDriver(w.client, w.sim.viosUuid("vios-b"),
                            w.sim.volumeGroupUuid("vios-b", "rootvg")));
            ImageRef image = new ImageRef("rhel9", 10);
            List<ActionRequest> requests = List.of(
                    new SpawnRequest("sim-a", "web1", 2048, 0.5, 1, 100, image, 20),
                    new PowerOffRequest("sim-a", "web1", PowerOffMode.OS_IMMEDIATE, true),
                    new PowerOnRequest("sim-a", "web1"),
                    new AttachVolumeRequest("sim-a", "web1", VolumeRequest.Connector.NPIV, "fcs0"),
                    new DestroyRequest("sim-a", "web1"),
                    new SpawnRequest("sim-b", "db1", 1024, 0.5, 1, 100, image, 10),
                    new DestroyRequest("sim-b", "db1"));
            for (ActionRequest r : requests) {
                engine.run(PowerVmRegistry.registry().plan(ctx, r));
            }
            List<ActionEntry> runs = journal.list(100);
            assertThat(runs).hasSize(requests.size()).allMatch(e -> e.state() == SqlJournal.State.SUCCEEDED);
            int results = 0;
            for (ActionEntry e : runs) {
                List<RecordEntry> records = journal.records(e.actionId());
                long succeeded = records.stream().filter(r -> r.kind() == SqlJournal.Kind.SUCCEEDED).count();
                JournaledRun back = JournalRecovery.readBack(journal, PowerVmRegistry.registry(), ctx, e.actionId());
                assertThat(back.executions()).as("%s %s", e.actionName(), e.actionId()).hasSize((int) succeeded);
                results += (int) succeeded;
            }
            assertThat(results).isGreaterThan(requests.size() * 2);
        }
    }
}
