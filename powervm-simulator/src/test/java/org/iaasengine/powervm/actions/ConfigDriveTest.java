package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.rest.JobStatus;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.request.ActionRequest;
import org.junit.jupiter.api.Test;

/**
 * The configuration drive: a NoCloud seed ISO made with genisoimage, uploaded as optical media
 * {@code cfg_<vm>} through the File API and mapped before power-on; removed by destroy; reverted on
 * failure.
 */
class ConfigDriveTest extends SimTestSupport {
    private static final String USER_DATA = "#cloud-config\nruncmd: [echo h19a]\n";

    private SpawnRequest withDrive(String name) {
        return spawnRequest(name).withConfigDrive(new ConfigDrive(USER_DATA));
    }

    private static List<Path> cfgTempDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("iaas-powervm-cfg-")).toList();
        }
    }

    @Test
    void spawnMapsTheSeedAsOpticalMediaBeforePowerOn() throws IOException {
        List<Path> before = cfgTempDirs();
        engine.run(SpawnAction.plan(hostA, localA, withDrive("web1")));

        String lpar = sim.lparUuid("web1").orElseThrow();
        assertThat(sim.opticalMedia("vios-a")).containsExactly("cfg_web1");
        assertThat(sim.snapshot().scsiMappings()).contains("vios-a:web1->cfg_web1", "vios-a:web1->b_web1");
        assertThat(sim.files()).isEmpty();
        String iso = new String(sim.opticalMediaBytes("vios-a", "cfg_web1").orElseThrow(), StandardCharsets.ISO_8859_1);
        assertThat(iso).contains("cidata").contains("instance-id: " + lpar).contains("local-hostname: web1")
                .contains(USER_DATA).contains("dhcp4: true");
        List<String> reqs = sim.requests();
        int upload = reqs.indexOf(reqs.stream().filter(r -> r.startsWith("PUT web/File/contents/")).findFirst()
                .orElseThrow());
        int powerOn = reqs.indexOf(reqs.stream().filter(r -> r.endsWith("/do/PowerOn")).findFirst().orElseThrow());
        assertThat(upload).isLessThan(powerOn);
        assertThat(cfgTempDirs()).as("local ISOs left").containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void destroyRemovesTheMappingAndTheMedia() {
        engine.run(SpawnAction.plan(hostA, localA, withDrive("web1")));

        engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web1")));

        assertThat(sim.opticalMedia("vios-a")).isEmpty();
        assertThat(sim.snapshot().holdsNoVmResources()).isTrue();
    }

    @Test
    void aFailedPowerOnRemovesTheMediaItsMappingAndTheLocalIso() throws IOException {
        List<Path> before = cfgTempDirs();
        sim.faults().failJob("PowerOn", JobStatus.COMPLETED_WITH_ERROR, 1);

        assertThatThrownBy(() -> engine.run(SpawnAction.plan(hostA, localA, withDrive("web1"))))
                .isInstanceOf(ActionFailedException.class);

        assertThat(sim.opticalMedia("vios-a")).isEmpty();
        assertThat(sim.files()).isEmpty();
        assertThat(sim.snapshot().holdsNoVmResources()).isTrue();
        assertThat(cfgTempDirs()).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void aMediaOfThatNameMadeByAnotherToolIsAConflictAndIsKept() {
        sim.addOpticalMedia("vios-a", "cfg_web1");

        assertThatThrownBy(() -> engine.run(SpawnAction.plan(hostA, localA, withDrive("web1"))))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("already has a medium named 'cfg_web1'");

        assertThat(sim.opticalMedia("vios-a")).containsExactly("cfg_web1");
        assertThat(sim.snapshot().holdsNoVmResources()).isTrue();
    }

    @Test
    void theRequestWithItsDriveGoesToJsonAndBack() {
        var codec = PowerVmRegistry.registry().codec();
        SpawnRequest req = withDrive("web1").onHost("sim-a");
        String json = codec.toJson(req);
        assertThat(json).contains("\"configDrive\":{\"userData\":\"#cloud-config\\nruncmd: [echo h19a]\\n\"}");
        ActionRequest back = codec.fromJson(json);
        assertThat(back).isEqualTo(req);
    }

    @Test
    void badUserDataIsRefusedNamingIt() {
        assertThatThrownBy(() -> new ConfigDrive("a\0b")).hasMessage("user-data must not contain NUL characters");
    }
}
