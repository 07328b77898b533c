package org.iaasengine.examples.powervm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerVmFlowsExampleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachFlowPrintsOneJsonLineAndTheMacsFollowThePlugs() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PowerVmFlowsExample.Outcome o = PowerVmFlowsExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));

        List<JsonNode> lines = new ArrayList<>();
        for (String l : buf.toString(StandardCharsets.UTF_8).split("\n")) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines).extracting(n -> n.get("flow").asText())
                .containsExactly("spawn", "plugVif", "unplugVif", "resizePoweredOff", "resizeRunning", "extendDisk",
                        "destroy", "spawnBootFromVolume", "destroy", "coldMigrate", "revertMigration",
                        "confirmMigration", "destroy");
        List<String> spawnMacs = macs(lines.get(0).get("vm"));
        assertThat(spawnMacs).hasSize(2);
        List<String> afterPlug = macs(lines.get(1).get("vm"));
        assertThat(afterPlug).hasSize(3).startsWith(spawnMacs.toArray(String[]::new));
        assertThat(lines.get(1).get("result").get("vlan").asInt()).isEqualTo(300);
        assertThat(macs(lines.get(2).get("vm"))).containsExactly(spawnMacs.get(0), afterPlug.get(2));
        assertThat(lines.get(2).get("result").get("vlan").asInt()).isEqualTo(200);
        assertThat(lines.get(3).get("result").get("running").asBoolean()).isFalse();
        assertThat(lines.get(3).get("vm").get("vcpus").asInt()).isEqualTo(2);
        assertThat(lines.get(4).get("result").get("running").asBoolean()).isTrue();
        assertThat(lines.get(4).get("result").get("after").get("maxMemoryMb").asLong()).isEqualTo(8192);
        assertThat(lines.get(4).get("vm").get("memoryKiB").asLong()).isEqualTo(6144L * 1024);
        assertThat(lines.get(5).get("result").get("sizeGb").asDouble()).isEqualTo(40.0);
        assertThat(lines.get(6).get("vm").isNull()).isTrue();
        JsonNode bfv = lines.get(7).get("result");
        assertThat(bfv.get("vm").get("definitionRef").isNull()).isTrue();
        assertThat(bfv.get("scsiMappings")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("vios-a:db1->hdisk5", "vios-a2:db1->hdisk5");
        assertThat(bfv.get("fcMappings")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("vios-a:db1->fcs0", "vios-a2:db1->fcs0");
        assertThat(lines.get(8).get("result").asBoolean()).isTrue();
        assertThat(lines.get(9).get("vm").get("host").asText()).isEqualTo("sim-b");
        assertThat(lines.get(9).get("vm").get("vcpus").asInt()).isEqualTo(2);
        assertThat(lines.get(10).get("vm").get("host").asText()).isEqualTo("sim-a");
        assertThat(lines.get(10).get("vm").get("vcpus").asInt()).isEqualTo(1);
        assertThat(lines.get(11).get("result").asBoolean()).isTrue();
        assertThat(lines.get(11).get("vm").get("host").asText()).isEqualTo("sim-b");
        assertThat(lines.get(12).get("vm").isNull()).isTrue();
        assertThat(o.leftover().holdsNoVmResources()).as("%s", o.leftover()).isTrue();
    }

    private static List<String> macs(JsonNode vm) {
        List<String> out = new ArrayList<>();
        vm.get("macs").forEach(m -> out.add(m.asText()));
        return out;
    }
}
