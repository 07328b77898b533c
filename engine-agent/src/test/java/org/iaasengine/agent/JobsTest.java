package org.iaasengine.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Job messages are read strictly: what is not exactly a job of this schema is refused, naming why. */
class JobsTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aJobReadsBackAsItWasWritten() {
        Jobs.Request r = new Jobs.Request(Jobs.SCHEMA, "j1", "host-a",
                Jobs.tree("{\"schema\":1,\"action\":\"start\",\"request\":{\"host\":\"host-a\",\"vm\":\"web1\"}}"));
        assertThat(Jobs.readRequest(Jobs.write(r))).isEqualTo(r);
    }

    @Test
    void whatIsNotAJobOfThisSchemaIsRefusedNamingWhy() {
        assertThatThrownBy(() -> Jobs.readRequest(new byte[0])).hasMessageContaining("empty message");
        assertThatThrownBy(() -> Jobs.readRequest(bytes("[1,2]"))).hasMessageContaining("not a Request");
        assertThatThrownBy(() -> Jobs.readRequest(bytes(
                "{\"schema\":1,\"jobId\":\"j\",\"node\":\"n\",\"request\":{},\"extra\":true}")))
                .hasMessageContaining("extra");
        assertThatThrownBy(() -> Jobs.readRequest(bytes("{\"schema\":1,\"jobId\":\"j\",\"request\":{}}")))
                .hasMessageContaining("node");
        assertThatThrownBy(() -> Jobs.readRequest(bytes("{\"schema\":2,\"jobId\":\"j\",\"node\":\"n\",\"request\":{}}")))
                .hasMessageContaining("unknown job schema version 2");
        assertThatThrownBy(() -> Jobs.readRequest(new byte[Jobs.MAX_BYTES + 1]))
                .hasMessageContaining((Jobs.MAX_BYTES + 1) + " bytes is larger than " + Jobs.MAX_BYTES);
    }
}
