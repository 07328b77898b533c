package org.iaasengine.libvirt.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The port's one rule for "not there": by libvirt's error code, never by text. */
class AbsenceTest {
    private static DriverException failure(LibvirtError e) {
        return new DriverException(e, "Domain not found (whatever the text says)", null);
    }

    @Test
    void noDomainIsAnEmptyLookupAndEveryOtherFailureIsThrown() {
        assertThat(Absence.emptyIfNoDomain(() -> "found")).contains("found");
        assertThat(Absence.emptyIfNoDomain(() -> {
            throw failure(LibvirtError.NO_DOMAIN);
        })).isEmpty();
        DriverException other = failure(LibvirtError.OPERATION_INVALID);
        assertThatThrownBy(() -> Absence.emptyIfNoDomain(() -> {
            throw other;
        })).isSameAs(other);
    }

    @Test
    void aDomainThatIsNotThereOrDoesNotRunHasNoJob() {
        assertThat(Absence.emptyIfNoJob(() -> Optional.of(1))).contains(1);
        assertThat(Absence.emptyIfNoJob(() -> {
            throw failure(LibvirtError.NO_DOMAIN);
        })).isEmpty();
        assertThat(Absence.emptyIfNoJob(() -> {
            throw failure(LibvirtError.OPERATION_INVALID);
        })).isEmpty();
        DriverException down = failure(LibvirtError.NO_CONNECT);
        assertThatThrownBy(() -> Absence.emptyIfNoJob(() -> {
            throw down;
        })).isSameAs(down);
    }
}
