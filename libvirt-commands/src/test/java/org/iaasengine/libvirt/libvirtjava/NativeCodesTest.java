package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;

import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.libvirt.driver.StateReason;
import org.libvirt.event.DomainEventType;
import org.junit.jupiter.api.Test;

/** libvirt's numbers as the libvirt-java driver receives them, read into reasons and details. */
class NativeCodesTest {

    @Test
    void reasonNumbersOfVirDomainGetStateAreLibvirtsReasons() {
        assertThat(StateReason.of(DomainState.RUNNING, 1)).isEqualTo(StateReason.RUNNING_BOOTED);
        assertThat(StateReason.of(DomainState.RUNNING, 2)).isEqualTo(StateReason.RUNNING_MIGRATED);
        assertThat(StateReason.of(DomainState.RUNNING, 8)).isEqualTo(StateReason.RUNNING_WAKEUP);
        assertThat(StateReason.of(DomainState.PAUSED, 1)).isEqualTo(StateReason.PAUSED_USER);
        assertThat(StateReason.of(DomainState.PAUSED, 2)).isEqualTo(StateReason.PAUSED_MIGRATION);
        assertThat(StateReason.of(DomainState.PAUSED, 5)).isEqualTo(StateReason.PAUSED_IOERROR);
        assertThat(StateReason.of(DomainState.PAUSED, 11)).isEqualTo(StateReason.PAUSED_STARTING_UP);
        assertThat(StateReason.of(DomainState.PAUSED, 14)).isEqualTo(StateReason.PAUSED_API_ERROR);
        assertThat(StateReason.of(DomainState.SHUTOFF, 2)).isEqualTo(StateReason.SHUTOFF_DESTROYED);
        assertThat(StateReason.of(DomainState.SHUTOFF, 8)).isEqualTo(StateReason.SHUTOFF_DAEMON);
        assertThat(StateReason.of(DomainState.CRASHED, 1)).isEqualTo(StateReason.CRASHED_PANICKED);
        assertThat(StateReason.of(DomainState.BLOCKED, 0)).isEqualTo(StateReason.BLOCKED_UNKNOWN);
    }

    @Test
    void numbersThisLibraryDoesNotKnowAreTheUnknownOfTheirStateOrType() {
        assertThat(StateReason.of(DomainState.RUNNING, 99)).isEqualTo(StateReason.RUNNING_UNKNOWN);
        assertThat(StateReason.of(DomainState.SHUTOFF, -1)).isEqualTo(StateReason.SHUTOFF_UNKNOWN);
        assertThat(StateReason.of(DomainState.PMSUSPENDED, 1)).isEqualTo(StateReason.PMSUSPENDED_UNKNOWN);
        assertThat(EventDetail.of(DomainEvent.Type.STOPPED, 42)).isEqualTo(EventDetail.STOPPED_UNKNOWN);
        assertThat(EventDetail.of(DomainEvent.Type.CRASHED, -1)).isEqualTo(EventDetail.CRASHED_UNKNOWN);
    }

    @Test
    void eventDetailNumbersAreLibvirtsDetails() {
        assertThat(EventDetail.of(DomainEvent.Type.DEFINED, 0)).isEqualTo(EventDetail.DEFINED_ADDED);
        assertThat(EventDetail.of(DomainEvent.Type.DEFINED, 2)).isEqualTo(EventDetail.DEFINED_RENAMED);
        assertThat(EventDetail.of(DomainEvent.Type.UNDEFINED, 0)).isEqualTo(EventDetail.UNDEFINED_REMOVED);
        assertThat(EventDetail.of(DomainEvent.Type.STARTED, 0)).isEqualTo(EventDetail.STARTED_BOOTED);
        assertThat(EventDetail.of(DomainEvent.Type.SUSPENDED, 0)).isEqualTo(EventDetail.SUSPENDED_PAUSED);
        assertThat(EventDetail.of(DomainEvent.Type.RESUMED, 0)).isEqualTo(EventDetail.RESUMED_UNPAUSED);
        assertThat(EventDetail.of(DomainEvent.Type.RESUMED, 1)).isEqualTo(EventDetail.RESUMED_MIGRATED);
        assertThat(EventDetail.of(DomainEvent.Type.STOPPED, 0)).isEqualTo(EventDetail.STOPPED_SHUTDOWN);
        assertThat(EventDetail.of(DomainEvent.Type.STOPPED, 1)).isEqualTo(EventDetail.STOPPED_DESTROYED);
        assertThat(EventDetail.of(DomainEvent.Type.SHUTDOWN, 1)).isEqualTo(EventDetail.SHUTDOWN_GUEST);
        assertThat(EventDetail.of(DomainEvent.Type.CRASHED, 0)).isEqualTo(EventDetail.CRASHED_PANICKED);
    }

    @Test
    void theDetailNumberIsReadFromLibvirtJavasEventAlsoWhereItsEnumHasNoConstantForIt() {
        assertThat(EventDetail.of(DomainEvent.Type.STOPPED,
                EventHub.detailOf(new org.libvirt.event.DomainEvent(DomainEventType.STOPPED, 1))))
                .isEqualTo(EventDetail.STOPPED_DESTROYED);
        assertThat(EventDetail.of(DomainEvent.Type.SUSPENDED,
                EventHub.detailOf(new org.libvirt.event.DomainEvent(DomainEventType.SUSPENDED, 0))))
                .isEqualTo(EventDetail.SUSPENDED_PAUSED);
        // libvirt-java 0.5.4 clamps details newer than it to its UNKNOWN constant; the number is still read.
        assertThat(EventDetail.of(DomainEvent.Type.STOPPED,
                EventHub.detailOf(new org.libvirt.event.DomainEvent(DomainEventType.STOPPED, 7))))
                .isEqualTo(EventDetail.STOPPED_RECREATED);
        assertThat(EventDetail.of(DomainEvent.Type.SUSPENDED,
                EventHub.detailOf(new org.libvirt.event.DomainEvent(DomainEventType.SUSPENDED, 8))))
                .isEqualTo(EventDetail.SUSPENDED_POSTCOPY_FAILED);
    }
}
