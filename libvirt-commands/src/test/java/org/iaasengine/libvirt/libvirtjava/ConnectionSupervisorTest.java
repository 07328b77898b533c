package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.libvirtjava.Errors.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection supervision against the test driver, with a scheduler the test drives by hand: a
 * lost connection makes calls fail fast, reconnects back off, subscriptions come back, reconnect
 * listeners run; calls are bounded by their timeout.
 */
class ConnectionSupervisorTest {

    /** Collects scheduled tasks; the test runs them. */
    static final class ManualScheduler implements TaskScheduler {
        final List<Duration> delays = new CopyOnWriteArrayList<>();
        final List<Runnable> tasks = new CopyOnWriteArrayList<>();

        @Override
        public Scheduled schedule(Runnable task, Duration delay) {
            delays.add(delay);
            tasks.add(task);
            return () -> tasks.remove(task);
        }

        void runNext() {
            tasks.remove(0).run();
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final AtomicInteger opens = new AtomicInteger();
    private final List<Integer> failingOpens = new ArrayList<>();
    private LibvirtJavaDriver driver;

    private LibvirtJavaDriver open() {
        driver = LibvirtJavaDriver.builder("test:///default").scheduler(scheduler)
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(300))
                .callTimeout(Duration.ofSeconds(5)).open(uri -> {
                    int n = opens.incrementAndGet();
                    if (failingOpens.contains(n)) {
                        throw new IllegalStateException("open number " + n + " refused by the test");
                    }
                    return new SupervisedConnect(uri);
                });
        return driver;
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void lostConnectionFailsCallsFastThenReconnectsWithBackoffAndTellsListeners() throws Exception {
        failingOpens.addAll(List.of(2, 3));
        open();
        AtomicInteger reconnects = new AtomicInteger();
        driver.addReconnectListener(reconnects::incrementAndGet);
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        driver.subscribe(events::add);

        driver.supervisor().connectionLost(driver.supervisor().currentConnection(), "test says so");

        assertThat(driver.isConnected()).isFalse();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> driver.state("test")).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT);
            assertThat(e.error()).isEqualTo(LibvirtError.NO_CONNECT);
            assertThat(e.getMessage()).contains("domstate of domain 'test' on test:///default");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(100));

        scheduler.runNext(); // attempt 1: open number 2 fails
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> scheduler.tasks.size() == 1)).isTrue();
        scheduler.runNext(); // attempt 2: open number 3 fails
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> scheduler.tasks.size() == 1)).isTrue();
        scheduler.runNext(); // attempt 3 succeeds
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> reconnects.get() == 1)).isTrue();

        assertThat(scheduler.delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(300));
        assertThat(driver.isConnected()).isTrue();
        assertThat(opens.get()).isEqualTo(4);
        driver.suspend("test");
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> !events.isEmpty())).isTrue();
        assertThat(events.get(0).type()).isEqualTo(DomainEvent.Type.SUSPENDED);
    }

    @Test
    void aSecondLossReportForTheSameConnectionIsIgnored() {
        open();
        SupervisedConnect c = driver.supervisor().currentConnection();
        driver.supervisor().connectionLost(c, "first");
        driver.supervisor().connectionLost(c, "second");
        assertThat(scheduler.tasks).hasSize(1);
    }

    @Test
    void aCallThatOutlivesItsTimeoutFailsWithTimeoutAndTheWorkerIsReleasedLater() throws Exception {
        open();
        CountDownLatch release = new CountDownLatch(1);
        assertThatThrownBy(() -> driver.supervisor().call(Call.of("hang", "test"), Duration.ofMillis(50), c -> {
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        })).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
            assertThat(e.getMessage()).contains("hang of domain 'test' on test:///default did not finish within");
        });
        release.countDown();
        assertThat(driver.state("test").state()).isNotNull();
    }

    @Test
    void subscribingWhileDownRegistersAfterTheReconnect() throws Exception {
        open();
        driver.supervisor().connectionLost(driver.supervisor().currentConnection(), "down");
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        driver.subscribe(events::add);
        scheduler.runNext();
        assertThat(RealHosts.await(Duration.ofSeconds(5), driver::isConnected)).isTrue();
        // The subscription is registered again just after the reconnect, not before isConnected
        // turns true: suspend and resume until an event arrives (a change made in between is not
        // one the subscriber could hear).
        boolean[] paused = {false};
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> {
            if (!events.isEmpty()) {
                return true;
            }
            try {
                if (paused[0]) {
                    driver.resume("test");
                } else {
                    driver.suspend("test");
                }
                paused[0] = !paused[0];
            } catch (DriverException e) {
                // not yet answering
            }
            return !events.isEmpty();
        })).isTrue();
        if (paused[0]) {
            driver.resume("test");
        }
    }
}
