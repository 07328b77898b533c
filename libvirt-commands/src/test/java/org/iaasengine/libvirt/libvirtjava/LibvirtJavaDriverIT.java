package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.RealHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What only a real libvirtd shows: surviving a daemon restart ({@code kill -9} of host 1's
 * libvirtd, restarted by {@code scripts/libvirt-up.sh --no-guest}), every domain handle freed,
 * names that would break a shell, a migration aborted at its timeout. Fails (never skips) when the
 * daemon is missing. Failsafe runs test classes one after the other, so the restart does not hit
 * this module's other integration tests.
 */
class LibvirtJavaDriverIT {
    private final List<LibvirtJavaDriver> drivers = new ArrayList<>();
    private final List<String> created = new ArrayList<>();

    private LibvirtJavaDriver open(String uri) {
        LibvirtJavaDriver d = LibvirtJavaDriver.builder(uri)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(500)).keepAlive(2, 3).open();
        drivers.add(d);
        return d;
    }

    private String name(String suffix) {
        String n = "iaas-ct-jna-" + suffix;
        created.add(n);
        return n;
    }

    @AfterEach
    void cleanUp() {
        for (LibvirtJavaDriver d : drivers) {
            for (String n : created) {
                try {
                    d.destroy(n);
                } catch (DriverException ignored) {
                    // gone already
                }
                try {
                    d.undefine(n);
                } catch (DriverException ignored) {
                    // transient or gone
                }
            }
            d.close();
        }
    }

    /** JAXB escapes the name: any name libvirt takes goes through as it is. */
    private static String xml(String name, String mac) {
        return RealHosts.tinyDomainXml(name, mac);
    }

    @Test
    void driverSurvivesAKilledLibvirtdAndSubscriptionsComeBack() throws Exception {
        LibvirtJavaDriver driver = open(RealHosts.HOST1);
        RealHosts.removeLeftovers(driver, "iaas-ct-jna-restart");
        String n = name("restart");
        driver.create(xml(n, "52:54:00:bb:00:01"), true);
        AtomicInteger reconnects = new AtomicInteger();
        driver.addReconnectListener(reconnects::incrementAndGet);
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        driver.subscribe(e -> {
            if (e.name().equals(n)) {
                events.add(e);
            }
        });

        long pid = Long.parseLong(Files.readString(Path.of("/run/libvirtd.pid")).trim());
        assertThat(ProcessHandle.of(pid)).as("host 1 libvirtd from /run/libvirtd.pid").isPresent();
        RealHosts.run("kill", "-9", Long.toString(pid));
        assertThat(RealHosts.await(Duration.ofSeconds(15), () -> !driver.isConnected()))
                .as("the close callback noticed the dead daemon").isTrue();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> driver.state(n)).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("a call while down fails at once")
                .isLessThan(Duration.ofMillis(200));

        RealHosts.run("bash", RealHosts.scripts().resolve("libvirt-up.sh").toString(), "--no-guest");
        assertThat(RealHosts.await(Duration.ofSeconds(30), () -> reconnects.get() >= 1)).isTrue();
        assertThat(driver.isConnected()).isTrue();

        assertThat(driver.state(n).state()).isEqualTo(DomainState.PAUSED);
        driver.resume(n);
        driver.suspend(n);
        assertThat(RealHosts.await(Duration.ofSeconds(10), () -> events.size() >= 2)).isTrue();
        assertThat(events).extracting(DomainEvent::type).containsSubsequence(DomainEvent.Type.RESUMED,
                DomainEvent.Type.SUSPENDED);
        assertThat(driver.openDomainHandles()).isZero();
    }

    @Test
    void everyDomainHandleIsFreedAfterEveryKindOfCall() throws Exception {
        LibvirtJavaDriver driver = open(RealHosts.HOST1);
        String n = name("handles");
        String p = name("handles-p");
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = driver.subscribe(events::add)) {
            driver.create(xml(n, "52:54:00:bb:00:02"), true);
            driver.define(xml(p, "52:54:00:bb:00:03"));
            driver.lookup(n);
            driver.info(n);
            driver.state(n);
            driver.dumpXml(p, true);
            driver.interfaces(n);
            driver.listDomains();
            driver.allDomainStats();
            driver.jobProgress(n);
            driver.resume(n);
            driver.suspend(n);
            assertThatThrownBy(() -> driver.resume(p)).isInstanceOf(DriverException.class);
            assertThatThrownBy(() -> driver.state("iaas-ct-jna-missing")).isInstanceOf(DriverException.class);
            driver.destroy(n);
            driver.undefine(p);
            assertThat(RealHosts.await(Duration.ofSeconds(10), () -> events.stream()
                    .anyMatch(e -> e.name().equals(p) && e.type() == DomainEvent.Type.UNDEFINED))).isTrue();
        }
        assertThat(driver.openDomainHandles()).isZero();
    }

    @Test
    void namesThatWouldBreakAShellAreJustData() {
        LibvirtJavaDriver driver = open(RealHosts.HOST1);
        List<String> names = List.of(name("sp ace 'q' \"dq\""), name("$(touch x);`id`|&"), name("<xml>&amp;"),
                name("ünï-çødé-名前"), name("--help"));
        int i = 0;
        for (String n : names) {
            DomainSummary d = driver.create(xml(n, String.format("52:54:00:bb:01:%02x", i++)), true);
            assertThat(d.name()).isEqualTo(n);
            assertThat(driver.state(n)).isEqualTo(new DomainStatus(DomainState.PAUSED, StateReason.PAUSED_USER));
            driver.resume(n);
            assertThat(driver.lookup(n)).map(DomainSummary::state).contains(DomainState.RUNNING);
            assertThat(driver.info(n).name()).isEqualTo(n);
        }
        assertThat(driver.listDomains()).extracting(DomainSummary::name).containsAll(names);
        assertThat(driver.allDomainStats()).extracting(s -> s.name()).containsAll(names);
        for (String n : names) {
            driver.destroy(n);
            assertThat(driver.lookup(n)).isEmpty();
        }
    }

    @Test
    void migrationPastItsTimeoutIsAbortedAndFailsWithTimeout() throws Exception {
        LibvirtJavaDriver source = open(RealHosts.HOST1);
        LibvirtJavaDriver dest = open(RealHosts.HOST2);
        String n = name("mig-timeout");
        // The real guest fills its memory: capped at 1 MiB/s its migration cannot finish in time.
        source.create(RealHosts.tinyGuestXml(n, "52:54:00:bb:00:04"), false);
        List<JobProgress> seen = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < end && seen.isEmpty()) {
                Optional<JobProgress> p = source.jobProgress(n);
                p.ifPresent(seen::add);
            }
        });
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> source.migrate(n, RealHosts.HOST2,
                new MigrationOptions(true, false, false, false, 1, Duration.ofMillis(1500))))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                    assertThat(e.getMessage()).contains(n).contains(RealHosts.HOST2).contains(RealHosts.HOST1);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(40));
        watcher.get(10, TimeUnit.SECONDS);
        assertThat(seen).as("jobProgress saw the running migration").isNotEmpty();
        assertThat(source.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(dest.lookup(n)).isEmpty();
        assertThat(source.jobProgress(n)).isEmpty();
    }
}
