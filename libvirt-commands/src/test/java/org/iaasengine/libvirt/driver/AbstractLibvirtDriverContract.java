package org.iaasengine.libvirt.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.FailureCategory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LibvirtDriver} must have, run against the real libvirtd. Each driver's
 * integration test extends this class and says how to open the driver.
 */
public abstract class AbstractLibvirtDriverContract {

    protected LibvirtDriver driver;
    private final List<String> created = new ArrayList<>();
    private final List<LibvirtDriver> others = new ArrayList<>();

    /** Opens the driver under test on {@code uri}. */
    protected abstract LibvirtDriver open(String uri);

    /** A short prefix naming the driver, so parallel suites never share a domain name. */
    protected abstract String prefix();

    @BeforeEach
    void openDriver() {
        driver = open(RealHosts.HOST1);
        RealHosts.removeLeftovers(driver, "iaas-ct-" + prefix() + "-");
    }

    @AfterEach
    void cleanUp() {
        for (String name : created) {
            for (LibvirtDriver d : allDrivers()) {
                try {
                    d.destroy(name);
                } catch (DriverException ignored) {
                    // already gone
                }
                try {
                    d.undefine(name);
                } catch (DriverException ignored) {
                    // transient or already gone
                }
            }
        }
        others.forEach(LibvirtDriver::close);
        driver.close();
    }

    private List<LibvirtDriver> allDrivers() {
        List<LibvirtDriver> all = new ArrayList<>(others);
        all.add(driver);
        return all;
    }

    protected String name(String suffix) {
        String n = "iaas-ct-" + prefix() + "-" + suffix;
        created.add(n);
        return n;
    }

    @Test
    void createMakesATransientRunningDomainThatDestroyRemoves() {
        String n = name("create");
        DomainSummary d = driver.create(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:01"), false);
        assertThat(d.name()).isEqualTo(n);
        assertThat(d.uuid()).hasSize(36);
        assertThat(d.persistent()).isFalse();
        assertThat(driver.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(driver.state(n).reason()).isEqualTo(StateReason.RUNNING_BOOTED);
        assertThat(driver.listDomains()).extracting(DomainSummary::name).contains(n);

        driver.destroy(n);
        assertThat(driver.lookup(n)).isEmpty();
    }

    @Test
    void createPausedThenResumeAndSuspend() {
        String n = name("pause");
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:02"), true);
        assertThat(driver.state(n).state()).isEqualTo(DomainState.PAUSED);
        driver.resume(n);
        assertThat(driver.state(n).state()).isEqualTo(DomainState.RUNNING);
        driver.suspend(n);
        assertThat(driver.state(n)).isEqualTo(new DomainStatus(DomainState.PAUSED, StateReason.PAUSED_USER));
    }

    @Test
    void infoXmlAndInterfacesDescribeTheDomain() {
        String n = name("info");
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:03"), true);
        DomainInfo info = driver.info(n);
        assertThat(info.name()).isEqualTo(n);
        assertThat(info.state()).isEqualTo(DomainState.PAUSED);
        assertThat(info.maxMemoryKiB()).isEqualTo(32 * 1024);
        assertThat(info.vcpus()).isEqualTo(1);
        assertThat(info.persistent()).isFalse();
        assertThat(driver.dumpXml(n, false)).contains("<name>" + n + "</name>").contains("52:54:00:aa:00:03");
        assertThat(driver.interfaces(n)).extracting(DomainInterface::mac).containsExactly("52:54:00:aa:00:03");
        assertThat(driver.interfaces(n)).extracting(DomainInterface::type).containsExactly("user");
    }

    @Test
    void definedDomainStartsStopsAndUndefines() {
        String n = name("define");
        DomainSummary d = driver.define(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:04"));
        assertThat(d.persistent()).isTrue();
        assertThat(driver.state(n).state()).isEqualTo(DomainState.SHUTOFF);
        driver.start(n, true);
        assertThat(driver.state(n).state()).isEqualTo(DomainState.PAUSED);
        driver.destroy(n);
        assertThat(driver.state(n)).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED));
        driver.undefine(n);
        assertThat(driver.lookup(n)).isEmpty();
    }

    @Test
    void missingDomainIsNotFoundByCode() {
        String n = "iaas-ct-" + prefix() + "-missing";
        for (Runnable call : List.<Runnable>of(() -> driver.info(n), () -> driver.state(n), () -> driver.destroy(n),
                () -> driver.suspend(n), () -> driver.dumpXml(n, false))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(DriverException.class, e -> {
                        assertThat(e.error()).isEqualTo(LibvirtError.NO_DOMAIN);
                        assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
                        assertThat(e.getMessage()).contains(n);
                    });
        }
        assertThat(driver.lookup(n)).isEmpty();
    }

    @Test
    void wrongStateIsAConflictByCode() {
        String n = name("conflict");
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:05"), false);
        assertThatThrownBy(() -> driver.resume(n))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.error()).isEqualTo(LibvirtError.OPERATION_INVALID);
                    assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
                });
        assertThatThrownBy(() -> driver.create(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:06"), true))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.category()).isIn(FailureCategory.CONFLICT));
    }

    @Test
    void malformedXmlIsInvalidInput() {
        assertThatThrownBy(() -> driver.create("<domain type='qemu'><name>x</name>", true))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT));
    }

    @Test
    void bulkStatsListEveryDomainWithState() {
        String a = name("stats-a");
        String b = name("stats-b");
        driver.create(RealHosts.tinyDomainXml(a, "52:54:00:aa:00:07"), true);
        driver.define(RealHosts.tinyDomainXml(b, "52:54:00:aa:00:08"));
        List<DomainStats> stats = driver.allDomainStats();
        assertThat(stats).filteredOn(s -> s.name().equals(a)).singleElement()
                .satisfies(s -> {
                    assertThat(s.state()).isEqualTo(DomainState.PAUSED);
                    assertThat(s.maxMemoryKiB()).isEqualTo(32 * 1024);
                    assertThat(s.vcpus()).isEqualTo(1);
                });
        assertThat(stats).filteredOn(s -> s.name().equals(b)).singleElement()
                .satisfies(s -> assertThat(s.state()).isEqualTo(DomainState.SHUTOFF));
    }

    @Test
    void nodeInfoAndStatsDescribeTheHost() {
        NodeInfo info = driver.nodeInfo();
        assertThat(info.cpus()).isPositive();
        assertThat(info.memoryKiB()).isPositive();
        NodeStats s = driver.nodeStats();
        assertThat(s.cpuTotalNanos()).isPositive();
        assertThat(s.memTotalKiB()).isPositive();
        assertThat(s.memFreeKiB()).isBetween(0L, s.memTotalKiB());
        assertThat(driver.hostname()).isNotBlank();
    }

    @Test
    void lifecycleEventsArrive() throws Exception {
        String n = name("events");
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = driver.subscribe(e -> {
            if (e.name().equals(n)) {
                events.add(e);
            }
        })) {
            driver.create(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:09"), false);
            driver.suspend(n);
            driver.resume(n);
            driver.destroy(n);
            assertThat(RealHosts.await(Duration.ofSeconds(10), () -> events.stream()
                    .anyMatch(e -> e.type() == DomainEvent.Type.STOPPED))).isTrue();
        }
        assertThat(events).extracting(DomainEvent::type).containsSubsequence(DomainEvent.Type.STARTED,
                DomainEvent.Type.SUSPENDED, DomainEvent.Type.RESUMED, DomainEvent.Type.STOPPED);
        assertThat(events).filteredOn(e -> e.type() == DomainEvent.Type.STOPPED).first()
                .extracting(DomainEvent::detail).isEqualTo(EventDetail.STOPPED_DESTROYED);
    }

    @Test
    void liveMigrationMovesTheDomainToTheSecondHost() {
        String n = name("migrate");
        LibvirtDriver dest = open(RealHosts.HOST2);
        others.add(dest);
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:aa:00:0a"), false);
        driver.migrate(n, RealHosts.HOST2, MigrationOptions.live(Duration.ofSeconds(60)));
        assertThat(driver.lookup(n)).isEmpty();
        assertThat(dest.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(dest.state(n).reason()).isEqualTo(StateReason.RUNNING_MIGRATED);
        assertThat(driver.jobProgress(n)).isEmpty();
    }
}
