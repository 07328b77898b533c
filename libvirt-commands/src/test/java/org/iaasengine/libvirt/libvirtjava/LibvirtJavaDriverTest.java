package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The driver against libvirt's own test driver ({@code test:///default}), opened in process by
 * libvirt-java. The fake host is shared by the process's connections and lives while one is open:
 * each test opens and closes its own driver, so each starts on a fresh host. Covers what the test
 * driver supports; the rest is in the integration tests.
 */
class LibvirtJavaDriverTest {
    private static final String TEST_URI = "test:///default";

    private LibvirtJavaDriver driver;

    @BeforeEach
    void open() {
        driver = LibvirtJavaDriver.open(TEST_URI);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static String testXml(String name) {
        return "<domain type='test'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>2</vcpu>"
                + "<os><type>hvm</type></os><devices><interface type='network'><source network='default'/>"
                + "<mac address='52:54:00:AB:CD:01'/><model type='virtio'/></interface></devices></domain>";
    }

    @Test
    void listDomainsShowsTheTestHostsDomainWithStateAndPersistence() {
        assertThat(driver.listDomains()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("test");
            assertThat(d.uuid()).hasSize(36);
            assertThat(d.state()).isEqualTo(DomainState.RUNNING);
            assertThat(d.persistent()).isTrue();
            assertThat(d.id()).isPositive();
        });
    }

    @Test
    void listDomainsTellsTransientFromPersistent() {
        driver.create(testXml("t1"), false);
        driver.define(testXml("p1"));
        assertThat(driver.listDomains()).extracting(DomainSummary::name, DomainSummary::persistent, DomainSummary::state)
                .contains(org.assertj.core.groups.Tuple.tuple("t1", false, DomainState.RUNNING),
                        org.assertj.core.groups.Tuple.tuple("p1", true, DomainState.SHUTOFF));
        assertThat(driver.listDomains()).filteredOn(d -> d.name().equals("p1")).singleElement()
                .extracting(DomainSummary::id).isEqualTo(-1);
    }

    @Test
    void stateCarriesTheReasonInVirshWords() {
        driver.suspend("test");
        assertThat(driver.state("test")).isEqualTo(new DomainStatus(DomainState.PAUSED, StateReason.PAUSED_USER));
        driver.resume("test");
        assertThat(driver.state("test")).isEqualTo(new DomainStatus(DomainState.RUNNING, StateReason.RUNNING_UNPAUSED));
        driver.destroy("test");
        assertThat(driver.state("test")).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_DESTROYED));
        driver.start("test", false);
        assertThat(driver.state("test")).isEqualTo(new DomainStatus(DomainState.RUNNING, StateReason.RUNNING_BOOTED));
    }

    @Test
    void definedDomainStartsShutsDownAndUndefines() {
        DomainSummary d = driver.define(testXml("web1"));
        assertThat(d).extracting(DomainSummary::persistent, DomainSummary::state).containsExactly(true,
                DomainState.SHUTOFF);
        driver.start("web1", false);
        assertThat(driver.state("web1").state()).isEqualTo(DomainState.RUNNING);
        driver.shutdown("web1", ShutdownMode.DEFAULT);
        assertThat(driver.state("web1")).isEqualTo(new DomainStatus(DomainState.SHUTOFF, StateReason.SHUTOFF_SHUTDOWN));
        driver.undefine("web1");
        assertThat(driver.lookup("web1")).isEmpty();
    }

    @Test
    void createdDomainIsTransientAndGoneAfterDestroy() {
        // The test driver refuses VIR_DOMAIN_START_PAUSED: paused creation is in the integration tests.
        DomainSummary d = driver.create(testXml("tmp1"), false);
        assertThat(d.persistent()).isFalse();
        assertThat(d.state()).isEqualTo(DomainState.RUNNING);
        driver.destroy("tmp1");
        assertThat(driver.lookup("tmp1")).isEmpty();
    }

    @Test
    void infoXmlAndInterfacesDescribeTheDomain() {
        driver.define(testXml("web2"));
        DomainInfo info = driver.info("web2");
        assertThat(info.name()).isEqualTo("web2");
        assertThat(info.maxMemoryKiB()).isEqualTo(64 * 1024);
        assertThat(info.vcpus()).isEqualTo(2);
        assertThat(info.persistent()).isTrue();
        assertThat(driver.dumpXml("web2", true)).contains("<name>web2</name>");
        assertThat(driver.interfaces("web2")).singleElement().satisfies(i -> {
            assertThat(i.mac()).isEqualTo("52:54:00:ab:cd:01");
            assertThat(i.type()).isEqualTo("network");
            assertThat(i.source()).isEqualTo("default");
            assertThat(i.model()).isEqualTo("virtio");
        });
    }

    @Test
    void missingDomainIsNotFoundByCodeWithNameAndUriInTheMessage() {
        for (Runnable call : List.<Runnable>of(() -> driver.info("nope"), () -> driver.state("nope"),
                () -> driver.destroy("nope"), () -> driver.shutdown("nope", ShutdownMode.ACPI),
                () -> driver.dumpXml("nope", false))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(DriverException.class, e -> {
                assertThat(e.error()).isEqualTo(LibvirtError.NO_DOMAIN);
                assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
                assertThat(e.getMessage()).contains("'nope'").contains(TEST_URI);
            });
        }
        assertThat(driver.lookup("nope")).isEmpty();
        assertThat(driver.jobProgress("nope")).isEmpty();
    }

    @Test
    void wrongStateIsAConflictAndBadXmlIsInvalidInput() {
        driver.define(testXml("off2"));
        assertThatThrownBy(() -> driver.destroy("off2")).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.error()).isEqualTo(LibvirtError.OPERATION_INVALID);
            assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
        });
        assertThatThrownBy(() -> driver.define(testXml("off2").replace("<name>", "<uuid>"
                + "11111111-2222-3333-4444-555555555555</uuid><name>")))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.error()).isEqualTo(LibvirtError.DOM_EXIST);
                    assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT);
                });
        assertThatThrownBy(() -> driver.define("<domain type='test'><name>x</name>"))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT));
    }

    @Test
    void shutdownModesGoThroughShutdownFlagsWhoseErrorIsReadFromLibvirt() {
        // The test driver accepts no shutdown flag: the error proves the JNA call reached libvirt
        // and its error was read on the calling thread.
        assertThatThrownBy(() -> driver.shutdown("test", ShutdownMode.ACPI))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.error()).isEqualTo(LibvirtError.INVALID_ARG);
                    assertThat(e.getMessage()).contains("shutdown of domain 'test'").contains("unsupported flags");
                });
        assertThat(driver.state("test").state()).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void bulkStatsReportStateOfEveryDomain() {
        driver.define(testXml("off1"));
        List<DomainStats> stats = driver.allDomainStats();
        assertThat(stats).extracting(DomainStats::name).containsExactlyInAnyOrder("test", "off1");
        assertThat(stats).filteredOn(s -> s.name().equals("off1")).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(DomainState.SHUTOFF);
            assertThat(s.fields()).containsKeys("state.state", "state.reason");
        });
    }

    @Test
    void bulkStatsOfChosenGroupsOnlyAndNoGroupIsRefused() {
        assertThat(driver.allDomainStats(java.util.EnumSet.of(StatsGroup.STATE))).singleElement()
                .satisfies(s -> {
                    assertThat(s.name()).isEqualTo("test");
                    assertThat(s.state()).isEqualTo(DomainState.RUNNING);
                    assertThat(s.fields()).containsOnlyKeys("state.state", "state.reason");
                });
        assertThatThrownBy(() -> driver.allDomainStats(java.util.EnumSet.noneOf(StatsGroup.class)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[]");
    }

    @Test
    void nodeInfoAndHostnameDescribeTheFakeHost() {
        NodeInfo n = driver.nodeInfo();
        assertThat(n.cpus()).isEqualTo(16);
        assertThat(n.memoryKiB()).isPositive();
        assertThat(driver.hostname()).isNotBlank();
    }

    @Test
    void nodeStatsNeedsMemoryStatsWhichTheTestDriverLacks() {
        assertThatThrownBy(driver::nodeStats).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.error()).isEqualTo(LibvirtError.NO_SUPPORT);
            assertThat(e.getMessage()).contains("node statistics on " + TEST_URI);
        });
    }

    @Test
    void lifecycleEventsArriveWithVirshDetailsAndStopAfterClose() throws Exception {
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        AutoCloseable sub = driver.subscribe(events::add);
        driver.suspend("test");
        driver.resume("test");
        driver.destroy("test");
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> events.size() >= 3)).isTrue();
        assertThat(events).extracting(DomainEvent::type, DomainEvent::detail).containsExactly(
                org.assertj.core.groups.Tuple.tuple(DomainEvent.Type.SUSPENDED, EventDetail.SUSPENDED_PAUSED),
                org.assertj.core.groups.Tuple.tuple(DomainEvent.Type.RESUMED, EventDetail.RESUMED_UNPAUSED),
                org.assertj.core.groups.Tuple.tuple(DomainEvent.Type.STOPPED, EventDetail.STOPPED_DESTROYED));
        assertThat(events).allSatisfy(e -> {
            assertThat(e.name()).isEqualTo("test");
            assertThat(e.uri()).isEqualTo(TEST_URI);
            assertThat(e.uuid()).hasSize(36);
        });
        sub.close();
        assertThat(driver.eventSubscribers()).isZero();
        driver.start("test", false);
        List<DomainEvent> late = new CopyOnWriteArrayList<>();
        try (AutoCloseable marker = driver.subscribe(late::add)) {
            driver.suspend("test");
            assertThat(RealHosts.await(Duration.ofSeconds(5), () -> !late.isEmpty())).isTrue();
        }
        assertThat(events).hasSize(3);
    }

    @Test
    void aSubscriberThatThrowsDoesNotStopTheOthers() throws Exception {
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable bad = driver.subscribe(e -> {
            throw new IllegalStateException("subscriber bug");
        }); AutoCloseable good = driver.subscribe(events::add)) {
            driver.suspend("test");
            assertThat(RealHosts.await(Duration.ofSeconds(5), () -> !events.isEmpty())).isTrue();
        }
    }

    @Test
    void everyDomainHandleIsFreed() throws Exception {
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = driver.subscribe(events::add)) {
            driver.define(testXml("h1"));
            driver.start("h1", false);
            driver.lookup("h1");
            driver.info("h1");
            driver.state("h1");
            driver.dumpXml("h1", false);
            driver.interfaces("h1");
            driver.listDomains();
            driver.allDomainStats();
            driver.suspend("h1");
            driver.resume("h1");
            driver.destroy("h1");
            assertThatThrownBy(() -> driver.state("missing")).isInstanceOf(DriverException.class);
            assertThatThrownBy(() -> driver.destroy("h1")).isInstanceOf(DriverException.class);
            assertThat(RealHosts.await(Duration.ofSeconds(5), () -> events.stream()
                    .anyMatch(e -> e.type() == DomainEvent.Type.STOPPED))).isTrue();
        }
        assertThat(driver.openDomainHandles()).isZero();
    }

    @Test
    void callsFromManyThreadsAtOnceAllSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<DomainStatus>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> driver.state("test")));
            }
            for (Future<DomainStatus> f : results) {
                assertThat(f.get(10, TimeUnit.SECONDS).state()).isEqualTo(DomainState.RUNNING);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(driver.openDomainHandles()).isZero();
    }

    @Test
    void aClosedDriverRefusesCalls() {
        driver.close();
        assertThatThrownBy(() -> driver.state("test")).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.getMessage()).contains("closed"));
    }

    @Test
    void openingAnUnknownUriFailsClassified() {
        assertThatThrownBy(() -> LibvirtJavaDriver.open("nosuchdriver:///x"))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.getMessage()).contains("connect on nosuchdriver:///x");
                    assertThat(e.error()).isNotEqualTo(LibvirtError.UNKNOWN);
                });
    }
}
