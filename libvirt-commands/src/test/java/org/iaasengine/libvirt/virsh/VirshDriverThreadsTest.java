package org.iaasengine.libvirt.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibraryThreads;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.junit.jupiter.api.Test;

/**
 * Closing a virsh driver leaves none of its threads alive (output pumps, the watchdog timer, an
 * event stream's pumps) and kills its event process; later calls fail as on a closed driver.
 * Runs {@code virsh -c test:///default} (libvirt's test driver inside each virsh process).
 */
class VirshDriverThreadsTest {

    @Test
    void closeLeavesNoThreadOfTheDriverAliveAndLaterCallsFail() throws Exception {
        Set<Thread> before = LibraryThreads.alive();
        VirshDriver driver = VirshDriver.open("test:///default");
        assertThat(driver.listDomains()).isNotEmpty();
        AutoCloseable sub = driver.subscribe(e -> { });
        assertThat(driver.state("test").state()).isNotNull();
        assertThat(LibraryThreads.startedSince(before, Duration.ZERO))
                .anyMatch(n -> n.startsWith("iaas-virsh[test:///default]-io-"))
                .anyMatch(n -> n.equals("iaas-virsh[test:///default]-timer"));

        driver.close();

        assertThat(LibraryThreads.startedSince(before, Duration.ofSeconds(2))).isEmpty();
        assertThatThrownBy(driver::listDomains).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.error()).isEqualTo(LibvirtError.INVALID_CONN);
            assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
            assertThat(e.getMessage()).contains("the driver is closed");
        });
        sub.close(); // closing a subscription of a closed driver is harmless
    }
}
