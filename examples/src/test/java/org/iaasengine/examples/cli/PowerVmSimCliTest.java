package org.iaasengine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iaas powervm-sim run}: request envelopes run in order on the in-process HMC simulator. */
class PowerVmSimCliTest {
    private static final String SPAWN = "{\"schema\":1,\"action\":\"powervm.spawn\",\"request\":{\"host\":\"sim-a\","
            + "\"name\":\"web1\",\"memoryMb\":2048,\"procUnits\":0.5,\"vcpus\":1,\"vlan\":100,"
            + "\"image\":{\"name\":\"rhel9\",\"sizeGb\":10},\"diskGb\":20,\"extraVlans\":[200],"
            + "\"volumes\":[],\"bootFromVolume\":false,\"configDrive\":null}}";
    private static final String PLUG = "{\"schema\":1,\"action\":\"powervm.plugVif\",\"request\":{\"host\":\"sim-a\","
            + "\"name\":\"web1\",\"vlan\":300}}";

    @TempDir
    Path dir;

    private CliRunner.Result run(String... args) {
        return new CliRunner(DriverFactory.DEFAULT, "test:///default", dir).raw(args);
    }

    @Test
    void runPrintsEachResultAndTheModelsVmsAsJson() {
        CliRunner.Result r = run("--json", "powervm-sim", "run", SPAWN, PLUG);

        assertThat(r.exitCode()).as("%s", r).isZero();
        JsonNode doc = r.json();
        assertThat(doc.get("results")).hasSize(2);
        assertThat(doc.get("results").get(0).get("action").asText()).isEqualTo("powervm.spawn");
        assertThat(doc.get("results").get(1).get("result").get("vlan").asInt()).isEqualTo(300);
        JsonNode vm = doc.get("vms").get(0);
        assertThat(vm.get("name").asText()).isEqualTo("web1");
        assertThat(vm.get("macs")).hasSize(3);
    }

    @Test
    void bootFromVolumeMapsTheLunOnBothViosesOfTheSimulator() {
        String udid = "01M0lCTTIxNDUxMjQ2MDA1MDc2ODAyODI4";
        String bfv = "{\"schema\":1,\"action\":\"powervm.spawn\",\"request\":{\"host\":\"sim-a\","
                + "\"name\":\"db1\",\"memoryMb\":2048,\"procUnits\":0.5,\"vcpus\":1,\"vlan\":100,"
                + "\"image\":null,\"diskGb\":0,\"extraVlans\":[],"
                + "\"volumes\":[{\"connector\":\"VSCSI\",\"target\":\"" + udid + "\"}],\"bootFromVolume\":true,\"configDrive\":null}}";

        CliRunner.Result r = run("--json", "powervm-sim", "run", "--fc-volume", udid, bfv);

        assertThat(r.exitCode()).as("%s", r).isZero();
        JsonNode vm = r.json().get("vms").get(0);
        assertThat(vm.get("name").asText()).isEqualTo("db1");
        assertThat(vm.get("state").asText()).isEqualTo("RUNNING");
    }

    @Test
    void aColdMigrationOnTheSharedPoolIsConfirmedThroughRequests() {
        String spawn = SPAWN.replace("\"extraVlans\":[200]", "\"extraVlans\":[]");
        String migrate = "{\"schema\":1,\"action\":\"powervm.coldMigrate\",\"request\":{\"host\":\"sim-a\","
                + "\"name\":\"web1\",\"target\":\"sim-b\",\"memoryMb\":4096,\"procUnits\":1.0,\"vcpus\":2}}";
        String confirm = "{\"schema\":1,\"action\":\"powervm.confirmMigration\",\"request\":{\"host\":\"sim-a\","
                + "\"name\":\"web1\"}}";

        CliRunner.Result r = run("--json", "powervm-sim", "run", "--disks", "ssp", spawn, migrate, confirm);

        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.json().get("vms")).hasSize(1);
        JsonNode vm = r.json().get("vms").get(0);
        assertThat(vm.get("host").asText()).isEqualTo("sim-b");
        assertThat(vm.get("vcpus").asInt()).isEqualTo(2);
        assertThat(run("--json", "powervm-sim", "run", "--disks", "local", spawn, migrate).exitCode())
                .isEqualTo(ExitCodes.INVALID_INPUT);
    }

    @Test
    void aFailingRequestPrintsWhatRanBeforeAndExitsWithItsCategory() {
        CliRunner.Result r = run("--json", "powervm-sim", "run", SPAWN,
                PLUG.replace("web1", "web2"));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(r.json().get("results")).hasSize(1);
        assertThat(r.errorJson().get("message").asText()).contains("web2");
    }

    @Test
    void aBadRequestIsInvalidInput() {
        CliRunner.Result r = run("--json", "powervm-sim", "run", PLUG.replace("300", "5000"));

        assertThat(r.exitCode()).as("%s", r).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(r.errorJson().get("message").asText()).contains("5000");
    }
}
