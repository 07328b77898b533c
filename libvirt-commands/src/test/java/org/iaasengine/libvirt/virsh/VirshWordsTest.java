package org.iaasengine.libvirt.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.libvirt.driver.StateReason;
import org.junit.jupiter.api.Test;

/** virsh's words as the virsh driver reads them, into reasons and details. */
class VirshWordsTest {

    @Test
    void domstateReasonWordsAreReadPerState() {
        assertThat(VirshWords.reason(DomainState.RUNNING, "booted")).isEqualTo(StateReason.RUNNING_BOOTED);
        assertThat(VirshWords.reason(DomainState.RUNNING, "migrated")).isEqualTo(StateReason.RUNNING_MIGRATED);
        assertThat(VirshWords.reason(DomainState.RUNNING, "event wakeup")).isEqualTo(StateReason.RUNNING_WAKEUP);
        assertThat(VirshWords.reason(DomainState.PAUSED, "user")).isEqualTo(StateReason.PAUSED_USER);
        assertThat(VirshWords.reason(DomainState.PAUSED, "migrating")).isEqualTo(StateReason.PAUSED_MIGRATION);
        assertThat(VirshWords.reason(DomainState.PAUSED, "I/O error")).isEqualTo(StateReason.PAUSED_IOERROR);
        assertThat(VirshWords.reason(DomainState.PAUSED, "creating snapshot")).isEqualTo(StateReason.PAUSED_SNAPSHOT);
        assertThat(VirshWords.reason(DomainState.SHUTDOWN, "user")).isEqualTo(StateReason.SHUTDOWN_USER);
        assertThat(VirshWords.reason(DomainState.SHUTOFF, "destroyed")).isEqualTo(StateReason.SHUTOFF_DESTROYED);
        assertThat(VirshWords.reason(DomainState.SHUTOFF, "daemon")).isEqualTo(StateReason.SHUTOFF_DAEMON);
        assertThat(VirshWords.reason(DomainState.CRASHED, "panicked")).isEqualTo(StateReason.CRASHED_PANICKED);
        assertThat(VirshWords.reason(DomainState.BLOCKED, "unknown")).isEqualTo(StateReason.BLOCKED_UNKNOWN);
    }

    @Test
    void theSameWordIsAnotherReasonInAnotherState() {
        assertThat(VirshWords.reason(DomainState.RUNNING, "crashed")).isEqualTo(StateReason.RUNNING_CRASHED);
        assertThat(VirshWords.reason(DomainState.PAUSED, "crashed")).isEqualTo(StateReason.PAUSED_CRASHED);
        assertThat(VirshWords.reason(DomainState.SHUTOFF, "crashed")).isEqualTo(StateReason.SHUTOFF_CRASHED);
    }

    @Test
    void eventWordsAreReadInAnyCase() {
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STOPPED, "Destroyed")).isEqualTo(EventDetail.STOPPED_DESTROYED);
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STOPPED, "shutdown")).isEqualTo(EventDetail.STOPPED_SHUTDOWN);
        assertThat(VirshWords.eventDetail(DomainEvent.Type.SUSPENDED, "I/O Error"))
                .isEqualTo(EventDetail.SUSPENDED_IOERROR);
        assertThat(VirshWords.eventDetail(DomainEvent.Type.SHUTDOWN, "Finished after guest request"))
                .isEqualTo(EventDetail.SHUTDOWN_GUEST);
        assertThat(VirshWords.eventDetail(DomainEvent.Type.DEFINED, "Snapshot"))
                .isEqualTo(EventDetail.DEFINED_FROM_SNAPSHOT);
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STARTED, "Recreation")).isEqualTo(EventDetail.STARTED_RECREATED);
    }

    @Test
    void wordsVirshHasNotPrintedBeforeAreTheUnknownOfTheirStateOrType() {
        assertThat(VirshWords.reason(DomainState.RUNNING, "teleported")).isEqualTo(StateReason.RUNNING_UNKNOWN);
        assertThat(VirshWords.reason(DomainState.SHUTOFF, "Destroyed")).isEqualTo(StateReason.SHUTOFF_UNKNOWN);
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STOPPED, "teleported")).isEqualTo(EventDetail.STOPPED_UNKNOWN);
    }

    @Test
    void everyReasonAndDetailHasItsOwnWordThatReadsBack() {
        for (StateReason r : StateReason.values()) {
            assertThat(VirshWords.word(r)).as("%s", r).isNotNull();
            assertThat(VirshWords.reason(r.state(), VirshWords.word(r))).as("%s", r).isEqualTo(r);
        }
        for (EventDetail d : EventDetail.values()) {
            assertThat(VirshWords.word(d)).as("%s", d).isNotNull();
            assertThat(VirshWords.eventDetail(d.type(), VirshWords.word(d))).as("%s", d).isEqualTo(d);
        }
    }
}
