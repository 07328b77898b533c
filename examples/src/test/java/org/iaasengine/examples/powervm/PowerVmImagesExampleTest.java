package org.iaasengine.examples.powervm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PowerVmImagesExampleTest {
    @TempDir
    Path dir;

    @Test
    void theImageIsUploadedOnceAndBothVmDisksHoldItsBytes() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ObjectNode r = PowerVmImagesExample.run(new PrintStream(log, true, StandardCharsets.UTF_8), dir);

        String sha = r.get("upload").get("sha256").asText();
        assertThat(r.get("upload").get("cacheDiskSha256").asText()).isEqualTo(sha);
        assertThat(r.get("upload").get("filesLeftOnServer").asInt()).isZero();
        assertThat(r.get("upload").get("fileApiRequests")).hasSize(3);
        assertThat(r.get("spawns").get("fileApiRequests").asInt()).isZero();
        assertThat(r.get("spawns").get("web2DiskSha256").asText()).isEqualTo(sha);
        assertThat(r.get("configDrive").get("media").get(0).asText()).isEqualTo("cfg_web3");
        assertThat(r.get("configDrive").get("mappings").toString()).contains("vios-a:web3->cfg_web3");
        assertThat(r.get("configDrive").get("isoBytes").asInt()).isPositive();
        assertThat(r.get("configDrive").get("mediaAfterDestroy")).isEmpty();
        String snapSha = r.get("snapshot").get("image").get("sha256").asText();
        assertThat(snapSha).isNotEqualTo(sha).isEqualTo(r.get("snapshot").get("web1DiskSha256").asText())
                .isEqualTo(r.get("snapshot").get("web4DiskSha256").asText());
        assertThat(r.get("rescue").get("bootsFrom").asText()).isEqualTo("r_web2");
        assertThat(r.get("rescue").get("bootMode").asText()).isEqualTo("sms");
        assertThat(r.get("rescue").get("mappings")).hasSize(2);
        assertThat(r.get("rescue").get("afterUnrescueBootsFrom").asText()).isEqualTo("b_web2");
        assertThat(r.get("rescue").get("afterUnrescueBootMode").asText()).isEqualTo("norm");
        assertThat(r.get("rescue").get("afterUnrescueMappings")).hasSize(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("100% sent 2097152 of 2097152 bytes");
    }
}
