package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.iaasengine.libvirt.LibraryThreads;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.junit.jupiter.api.Test;

/**
 * Closing a libvirt-java driver leaves none of its threads alive: calls, the event dispatcher, a
 * reconnect (the timer, the reconnect and listener threads) and, when it was the only driver,
 * libvirt's event loop. Listed by name ({@code iaas-*}), against libvirt's test driver in process.
 */
class LibvirtJavaDriverThreadsTest {

    @Test
    void closeLeavesNoThreadOfTheDriverAlive() throws Exception {
        Set<Thread> before = LibraryThreads.alive();
        boolean loopBefore = LibvirtRuntime.isRunning();
        LibvirtJavaDriver driver = LibvirtJavaDriver.builder("test:///default")
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).open();
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable sub = driver.subscribe(events::add);
        CountDownLatch reconnected = new CountDownLatch(1);
        driver.addReconnectListener(reconnected::countDown);
        driver.listDomains();
        driver.suspend("test");
        driver.resume("test");
        driver.supervisor().connectionLost(driver.supervisor().currentConnection(), "the test says so");
        assertThat(reconnected.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(driver.state("test").state()).isNotNull();
        assertThat(LibraryThreads.startedSince(before, Duration.ZERO)).isNotEmpty()
                .anyMatch(n -> n.startsWith("iaas-libvirt-call[test:///default]"))
                .anyMatch(n -> n.startsWith("iaas-libvirt-timer[test:///default]"))
                .anyMatch(n -> n.startsWith("iaas-libvirt-reconnect[test:///default]"));

        sub.close();
        driver.close();

        assertThat(LibraryThreads.startedSince(before, Duration.ofSeconds(2))).isEmpty();
        if (!loopBefore) {
            assertThat(LibvirtRuntime.isRunning()).isFalse();
        }
    }

    @Test
    void theEventLoopRunsAgainForTheNextDriver() throws Exception {
        try (LibvirtJavaDriver first = LibvirtJavaDriver.open("test:///default")) {
            assertThat(first.hostname()).isNotBlank();
        }
        try (LibvirtJavaDriver second = LibvirtJavaDriver.open("test:///default")) {
            assertThat(LibvirtRuntime.isRunning()).isTrue();
            List<DomainEvent> events = new CopyOnWriteArrayList<>();
            CountDownLatch seen = new CountDownLatch(1);
            try (AutoCloseable sub = second.subscribe(e -> {
                events.add(e);
                seen.countDown();
            })) {
                second.suspend("test");
                assertThat(seen.await(10, TimeUnit.SECONDS)).isTrue();
                second.resume("test");
            }
        }
    }
}
