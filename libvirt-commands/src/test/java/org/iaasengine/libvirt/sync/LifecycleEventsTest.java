package org.iaasengine.libvirt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.Test;

/** The named lifecycle events go to JSON with their Wakame name and come back equal. */
class LifecycleEventsTest {
    private static final Instant AT = Instant.parse("2026-12-01T03:00:00Z");
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void everyEventRoundTripsThroughJsonNamedAsWakameNamesIt() throws Exception {
        List<LifecycleEvents.LifecycleEvent> all = List.of(
                new LifecycleEvents.InstanceStarted("host1", "web1", "u-1", "STARTED_BOOTED", AT),
                new LifecycleEvents.InstanceTurnedOn("host1", "web1", "u-1", "STARTED_BOOTED", AT),
                new LifecycleEvents.InstanceTurnedOff("host1", "web1", "u-1", "STOPPED_SHUTDOWN", VmState.HALTING,
                        VmState.SHUTOFF, AT),
                new LifecycleEvents.InstanceTerminated("host1", "web1", null, AT),
                new LifecycleEvents.FaultInstance("host1", "web1", "u-1", "STOPPED_FAILED", VmState.RUNNING,
                        VmState.SHUTOFF, LifecycleEvents.Recovery.STATE_CORRECTED, "QEMU died", AT));
        for (LifecycleEvents.LifecycleEvent e : all) {
            String text = json.writeValueAsString(e);
            assertThat(text).startsWith("{\"event\":\"" + e.event() + "\"");
            assertThat(json.readValue(text, LifecycleEvents.LifecycleEvent.class)).isEqualTo(e);
        }
        assertThat(all).extracting(LifecycleEvents.LifecycleEvent::event).containsExactly("instance_started",
                "instance_turnedon", "instance_turnedoff", "instance_terminated", "fault_instance");
        assertThat(json.writeValueAsString(all.get(4))).isEqualTo("{\"event\":\"fault_instance\",\"host\":\"host1\","
                + "\"vm\":\"web1\",\"uuid\":\"u-1\",\"reason\":\"STOPPED_FAILED\",\"from\":\"RUNNING\",\"to\":\"SHUTOFF\","
                + "\"recovery\":\"STATE_CORRECTED\",\"detail\":\"QEMU died\",\"at\":\"2026-12-01T03:00:00Z\"}");
    }
}
