package org.iaasengine.libvirt.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The typed reasons and details: libvirt's numbering, labels, and the records that carry them. */
class StateReasonTest {

    @Test
    void everyReasonAndDetailIsFoundByItsOwnNumber() {
        for (StateReason r : StateReason.values()) {
            assertThat(StateReason.of(r.state(), r.code())).as("%s", r).isEqualTo(r);
        }
        for (EventDetail d : EventDetail.values()) {
            assertThat(EventDetail.of(d.type(), d.code())).as("%s", d).isEqualTo(d);
        }
    }

    @Test
    void everyStateAndTypeHasItsUnknown() {
        for (DomainState s : DomainState.values()) {
            assertThat(StateReason.unknown(s).state()).isEqualTo(s);
            assertThat(StateReason.unknown(s).isUnknown()).isTrue();
            assertThat(StateReason.unknown(s).code()).isZero();
        }
        for (DomainEvent.Type t : DomainEvent.Type.values()) {
            assertThat(EventDetail.unknown(t).type()).isEqualTo(t);
            assertThat(EventDetail.unknown(t).code()).isEqualTo(-1);
        }
        assertThat(StateReason.SHUTOFF_DESTROYED.isUnknown()).isFalse();
        assertThat(EventDetail.STOPPED_SHUTDOWN.isUnknown()).isFalse();
    }

    @Test
    void labelsAreTheLowerCaseWordsOfTheName() {
        assertThat(StateReason.SHUTOFF_DESTROYED.label()).isEqualTo("destroyed");
        assertThat(StateReason.RUNNING_FROM_SNAPSHOT.label()).isEqualTo("from snapshot");
        assertThat(EventDetail.STOPPED_SHUTDOWN.label()).isEqualTo("shutdown");
        assertThat(EventDetail.SUSPENDED_POSTCOPY_FAILED.label()).isEqualTo("postcopy failed");
        assertThat(EventDetail.PMSUSPENDED_MEMORY.label()).isEqualTo("memory");
    }

    @Test
    void recordsTakeOnlyAReasonOfTheirStateAndADetailOfTheirType() {
        assertThat(new DomainStatus(DomainState.PAUSED, null).reason()).isEqualTo(StateReason.PAUSED_UNKNOWN);
        assertThatThrownBy(() -> new DomainStatus(DomainState.RUNNING, StateReason.SHUTOFF_DESTROYED))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SHUTOFF_DESTROYED");
        assertThat(new DomainEvent("u", "n", "", DomainEvent.Type.STOPPED, null).detail())
                .isEqualTo(EventDetail.STOPPED_UNKNOWN);
        assertThatThrownBy(() -> new DomainEvent("u", "n", "", DomainEvent.Type.STARTED, EventDetail.STOPPED_SHUTDOWN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STOPPED_SHUTDOWN");
        assertThat(new DomainStats("n", DomainState.SHUTOFF, null, 0, 0, 0, null).reason())
                .isEqualTo(StateReason.SHUTOFF_UNKNOWN);
    }
}
