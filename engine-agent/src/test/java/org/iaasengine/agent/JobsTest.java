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

    @Test
    void anEventWithAModelReadsBackAsItWasWritten() {
        org.iaasengine.model.Vm vm = org.iaasengine.model.Vm.builder("web1").host("host-a")
                .state(org.iaasengine.model.VmState.RUNNING).vcpus(1).memoryKiB(32768).owner("job-1").build();
        org.iaasengine.model.Host host = org.iaasengine.model.Host.of("host-a", "qemu:///system");
        Jobs.Event e = new Jobs.Event(Jobs.SCHEMA, "host-a", "inc", 3, Jobs.EventKind.INIT_MODEL,
                java.time.Instant.parse("2026-12-01T00:00:00Z"), null,
                new Jobs.ModelState(java.util.List.of(host), java.util.List.of(vm)), null, null, null);
        assertThat(Jobs.readEvent(Jobs.write(e))).isEqualTo(e);
        assertThat(new String(Jobs.write(e), StandardCharsets.UTF_8)).doesNotContain("\"owned\"");
    }

    @Test
    void anInstanceEventCarriesItsRecordsFieldsAndReadsBack() {
        org.iaasengine.libvirt.sync.DeviceEvents.VnicCreated vnic =
                new org.iaasengine.libvirt.sync.DeviceEvents.VnicCreated("host-a", "web1", "52:54:00:00:00:01", "user");
        Jobs.Event e = new Jobs.Event(Jobs.SCHEMA, "host-a", "inc", 3, Jobs.EventKind.INSTANCE,
                java.time.Instant.parse("2026-12-01T00:00:00Z"), null, null, null, null, HostAgent.instance(vnic));
        Jobs.Event back = Jobs.readEvent(Jobs.write(e));
        assertThat(back).isEqualTo(e);
        assertThat(back.instance().event()).isEqualTo("vnic_created");
        assertThat(back.instance().vm()).isEqualTo("web1");
        assertThat(back.instance().detail().get("mac").asText()).isEqualTo("52:54:00:00:00:01");
    }

    @Test
    void aJsonNullOrAnotherTypeIsMalformedNotACrash() {
        assertThatThrownBy(() -> Jobs.readRequest(bytes("null"))).isInstanceOf(Jobs.BadMessageException.class)
                .hasMessageContaining("JSON null")
                .satisfies(x -> assertThat(((Jobs.BadMessageException) x).code()).isEqualTo(Jobs.Reject.MALFORMED));
        assertThatThrownBy(() -> Jobs.readControl(bytes("{\"schema\":1,\"kind\":\"REBOOT\",\"jobId\":null,"
                + "\"replyTo\":null}"))).isInstanceOf(Jobs.BadMessageException.class).hasMessageContaining("REBOOT");
    }
}
