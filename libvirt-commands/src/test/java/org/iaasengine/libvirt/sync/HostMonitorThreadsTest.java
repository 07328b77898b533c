package org.iaasengine.libvirt.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.iaasengine.libvirt.LibraryThreads;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing a started host monitor (and then its driver) leaves none of their threads alive: the
 * monitor's worker and timer (its own scheduler), the driver's.
 */
class HostMonitorThreadsTest {
    @TempDir
    Path dir;

    @Test
    void closeLeavesNoThreadOfTheMonitorAlive() throws Exception {
        Set<Thread> before = LibraryThreads.alive();
        LibvirtJavaDriver driver = LibvirtJavaDriver.open("test:///default");
        LibvirtHost host = LibvirtHost.builder("threads-host", driver).domainType("test")
                .store(DefinitionStore.open(dir.resolve("definitions"))).build();
        HostMonitor monitor = HostMonitor.builder(host, new ResourceModel()).reconcileInterval(Duration.ofMinutes(1))
                .build();
        monitor.start();
        driver.suspend("test");
        driver.resume("test");
        assertThat(monitor.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(LibraryThreads.startedSince(before, Duration.ZERO))
                .contains("iaas-host-monitor[threads-host]", "iaas-host-monitor-timer[threads-host]");

        monitor.close();
        assertThat(LibraryThreads.startedSince(before, Duration.ofSeconds(2), n -> n.contains("host-monitor")))
                .isEmpty();
        driver.close();

        assertThat(LibraryThreads.startedSince(before, Duration.ofSeconds(2))).isEmpty();
    }
}
