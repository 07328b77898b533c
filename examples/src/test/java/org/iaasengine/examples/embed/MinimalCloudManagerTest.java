package org.iaasengine.examples.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding example, run as it is and piece by piece, on libvirt's test driver. */
class MinimalCloudManagerTest {
    @TempDir
    Path dir;

    @Test
    void theExampleRunsItsScenarioAndPrintsTheModel() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSnapshot before = MinimalCloudManager.run("test:///default",
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(before.vm("iaas-ex-cloud-web").orElseThrow().state()).isEqualTo(VmState.RUNNING);
        assertThat(before.vm("iaas-ex-cloud-db").orElseThrow().state()).isEqualTo(VmState.RUNNING);
        assertThat(before.hosts()).containsKey("host-a");
        assertThat(text).contains("stop iaas-ex-cloud-db: SHUTOFF", "stop iaas-ex-cloud-ghost: no such vm",
                "iaas-ex-cloud-web", "7 actions succeeded");
    }

    @Test
    void submittedActionsReportEventsAndModelChangesAndFailuresByCategory() {
        try (LibvirtJavaDriver driver = LibvirtJavaDriver.open("test:///default")) {
            LibvirtHost host = LibvirtHost.builder("h", driver).domainType("test")
                    .store(DefinitionStore.open(dir.resolve("definitions"))).storage(dir.resolve("storage")).build();
            try (MinimalCloudManager cloud = new MinimalCloudManager(host)) {
                assertThat(cloud.provision("iaas-ex-unit", 32).join().state()).isEqualTo(VmState.RUNNING);
                assertThat(cloud.events()).first().isInstanceOf(EngineEvent.ActionStarted.class);
                assertThat(cloud.events()).last().isInstanceOfSatisfying(EngineEvent.ActionSucceeded.class,
                        e -> assertThat(e.resourceKey()).isEqualTo("vm:iaas-ex-unit"));
                assertThat(cloud.changes()).first().isInstanceOf(ModelChange.VmAdded.class);

                Throwable clash = cloud.provision("iaas-ex-unit", 32).handle((vm, err) -> err).join();
                assertThat(clash).isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT));
                cloud.delete("iaas-ex-unit");
                assertThat(cloud.model().vms()).isEmpty();
            }
        }
    }
}
