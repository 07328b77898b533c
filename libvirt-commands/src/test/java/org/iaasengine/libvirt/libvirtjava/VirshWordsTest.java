package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;

import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;
import org.junit.jupiter.api.Test;

class VirshWordsTest {

    @Test
    void reasonsAreTheWordsVirshDomstatePrints() {
        assertThat(VirshWords.reason(DomainState.RUNNING, 1)).isEqualTo("booted");
        assertThat(VirshWords.reason(DomainState.RUNNING, 2)).isEqualTo("migrated");
        assertThat(VirshWords.reason(DomainState.RUNNING, 8)).isEqualTo("event wakeup");
        assertThat(VirshWords.reason(DomainState.PAUSED, 1)).isEqualTo("user");
        assertThat(VirshWords.reason(DomainState.PAUSED, 2)).isEqualTo("migrating");
        assertThat(VirshWords.reason(DomainState.PAUSED, 5)).isEqualTo("I/O error");
        assertThat(VirshWords.reason(DomainState.PAUSED, 11)).isEqualTo("starting up");
        assertThat(VirshWords.reason(DomainState.SHUTOFF, 2)).isEqualTo("destroyed");
        assertThat(VirshWords.reason(DomainState.SHUTOFF, 8)).isEqualTo("daemon");
        assertThat(VirshWords.reason(DomainState.CRASHED, 1)).isEqualTo("panicked");
        assertThat(VirshWords.reason(DomainState.BLOCKED, 0)).isEqualTo("unknown");
    }

    @Test
    void numbersVirshHasNoWordForAreUnknown() {
        assertThat(VirshWords.reason(DomainState.RUNNING, 99)).isEqualTo("unknown");
        assertThat(VirshWords.reason(DomainState.SHUTOFF, -1)).isEqualTo("unknown");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STOPPED, 42)).isEqualTo("unknown");
    }

    @Test
    void eventDetailsAreVirshEventWordsInLowerCase() {
        assertThat(VirshWords.eventDetail(DomainEvent.Type.DEFINED, 0)).isEqualTo("added");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.DEFINED, 2)).isEqualTo("renamed");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.UNDEFINED, 0)).isEqualTo("removed");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STARTED, 0)).isEqualTo("booted");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.SUSPENDED, 0)).isEqualTo("paused");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.RESUMED, 0)).isEqualTo("unpaused");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.RESUMED, 1)).isEqualTo("migrated");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STOPPED, 0)).isEqualTo("shutdown");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.STOPPED, 1)).isEqualTo("destroyed");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.SHUTDOWN, 1)).isEqualTo("finished after guest request");
        assertThat(VirshWords.eventDetail(DomainEvent.Type.CRASHED, 0)).isEqualTo("panicked");
    }
}
