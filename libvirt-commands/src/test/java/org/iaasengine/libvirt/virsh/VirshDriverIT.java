package org.iaasengine.libvirt.virsh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainStats;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.StateReason;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.RealHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What is particular to the virsh driver: hostile names end to end on the real libvirtd, the
 * watchdog and interrupts (with a fake virsh that hangs), arguments reaching virsh untouched, and a
 * migration that outlives its timeout.
 */
class VirshDriverIT {

    private final VirshDriver host1 = VirshDriver.open(RealHosts.HOST1);
    private final VirshDriver host2 = VirshDriver.open(RealHosts.HOST2);
    private final List<String> created = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void cleanUp() {
        for (String n : created) {
            for (VirshDriver d : List.of(host1, host2)) {
                try {
                    d.destroy(n);
                } catch (DriverException ignored) {
                    // not running there
                }
                try {
                    d.undefine(n);
                } catch (DriverException ignored) {
                    // transient or not there
                }
            }
        }
        host1.close();
        host2.close();
    }

    private String name(String suffix) {
        String n = "iaas-ct-virsh-" + suffix;
        created.add(n);
        return n;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    /** JAXB escapes the name: any name libvirt takes goes through as it is. */
    private static String tinyXml(String name, String mac) {
        return RealHosts.tinyDomainXml(name, mac);
    }

    /** The tiny real guest: its kernel and initramfs fill memory, so a capped migration is slow. */
    private static String guestXml(String name, String mac) {
        return RealHosts.tinyGuestXml(name, mac);
    }

    // ------------------------------------------------------------------ hostile names, real libvirtd

    @Test
    void hostileDomainNamesPassThroughEveryCallUntouched() throws Exception {
        List<String> names = List.of(name("a b"), name("q'\""), name(";$(id) `x` <&>"), name("é日本"),
                name("tab\tx"), name("trail "), name("x': Started Booted"), name("a\\b %s"));
        List<DomainEvent> events = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = host1.subscribe(events::add)) {
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                String mac = String.format("52:54:00:dd:00:%02x", i);
                DomainSummary d = i % 2 == 0 ? host1.create(tinyXml(n, mac), true) : host1.define(tinyXml(n, mac));
                assertThat(d.name()).isEqualTo(n);
                if (i % 2 == 1) {
                    host1.start(n, true);
                }
                assertThat(host1.lookup(n)).get().extracting(DomainSummary::name).isEqualTo(n);
                assertThat(host1.info(n).name()).isEqualTo(n);
                assertThat(host1.state(n)).isEqualTo(new DomainStatus(DomainState.PAUSED, StateReason.PAUSED_USER));
                host1.resume(n);
                host1.suspend(n);
                assertThat(host1.dumpXml(n, false)).contains("<name>" + escape(n) + "</name>");
                assertThat(host1.interfaces(n)).singleElement().extracting(i2 -> i2.mac()).isEqualTo(mac);
            }
            List<DomainSummary> listed = host1.listDomains();
            List<DomainStats> stats = host1.allDomainStats();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                boolean persistent = i % 2 == 1;
                assertThat(listed).filteredOn(d -> d.name().equals(n)).singleElement().satisfies(d -> {
                    assertThat(d.state()).isEqualTo(DomainState.PAUSED);
                    assertThat(d.persistent()).isEqualTo(persistent);
                    assertThat(d.id()).isPositive();
                });
                assertThat(stats).filteredOn(s -> s.name().equals(n)).singleElement()
                        .satisfies(s -> assertThat(s.reason()).isEqualTo(StateReason.PAUSED_USER));
                host1.destroy(n);
                if (persistent) {
                    host1.undefine(n);
                }
                assertThat(host1.lookup(n)).isEmpty();
            }
            assertThat(RealHosts.await(Duration.ofSeconds(10), () -> names.stream().allMatch(n -> events.stream()
                    .anyMatch(e -> e.name().equals(n) && e.type() == DomainEvent.Type.STOPPED)))).isTrue();
        }
        for (String n : names) {
            assertThat(events).filteredOn(e -> e.name().equals(n)).extracting(DomainEvent::type)
                    .containsSubsequence(DomainEvent.Type.STARTED, DomainEvent.Type.RESUMED,
                            DomainEvent.Type.SUSPENDED, DomainEvent.Type.STOPPED);
        }
    }

    @Test
    void closingASubscriptionKillsItsVirshEventProcess() throws Exception {
        AutoCloseable sub = host1.subscribe(e -> { });
        assertThat(eventProcesses()).hasSize(1);
        sub.close();
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> eventProcesses().isEmpty())).isTrue();
    }

    private static List<ProcessHandle> eventProcesses() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a)).orElse("").contains("--loop"))
                .toList();
    }

    @Test
    void anUnreachableHostIsNoConnect() {
        VirshDriver nowhere = VirshDriver.open("qemu+unix:///system?socket=/nonexistent/libvirt-sock");
        assertThatThrownBy(nowhere::listDomains).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.error()).isEqualTo(LibvirtError.NO_CONNECT);
            assertThat(e.category()).isEqualTo(FailureCategory.TRANSIENT);
            assertThat(e.getMessage()).contains("/nonexistent/libvirt-sock");
        });
        assertThatThrownBy(() -> nowhere.subscribe(e -> { })).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.error()).isEqualTo(LibvirtError.NO_CONNECT));
    }

    @Test
    void outputBeyondTheBoundFailsRatherThanParsingHalf() {
        VirshDriver small = VirshDriver.builder(RealHosts.HOST1).maxOutputBytes(64).build();
        assertThatThrownBy(small::nodeInfo).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
            assertThat(e.getMessage()).contains("more than 64 bytes");
        });
    }

    // ------------------------------------------------------------------ migration limits, real hosts

    @Test
    void migrationThatOutlivesItsTimeoutIsAbortedAndFailsTimeout() {
        String n = name("slow-migration");
        host1.create(guestXml(n, "52:54:00:dd:01:01"), false);
        long start = System.nanoTime();
        MigrationOptions capped = new MigrationOptions(true, false, false, false, 1, Duration.ofSeconds(3));
        assertThatThrownBy(() -> host1.migrate(n, RealHosts.HOST2, capped))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                    assertThat(e.getMessage()).contains(n).contains(RealHosts.HOST2);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(host1.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(host1.jobProgress(n)).isEmpty();
        assertThat(host2.lookup(n)).isEmpty();
    }

    @Test
    void interruptingAMigrationAbortsTheJobAndKillsVirsh() throws Exception {
        String n = name("interrupted-migration");
        host1.create(guestXml(n, "52:54:00:dd:01:02"), false);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                host1.migrate(n, RealHosts.HOST2,
                        new MigrationOptions(true, false, false, false, 1, Duration.ofSeconds(120)));
            } catch (Throwable e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        assertThat(RealHosts.await(Duration.ofSeconds(20), () -> host1.jobProgress(n).isPresent())).isTrue();
        long start = System.nanoTime();
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure.get()).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED));
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(RealHosts.await(Duration.ofSeconds(10), () -> host1.jobProgress(n).isEmpty())).isTrue();
        assertThat(host1.state(n).state()).isEqualTo(DomainState.RUNNING);
    }

    // ------------------------------------------------------------------ process control, fake virsh

    private Path fakeVirsh(String body) throws IOException {
        Path script = dir.resolve("virsh");
        Files.writeString(script, "#!/bin/sh\nd=$(dirname \"$0\")\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** A virsh that records its pid, then hangs. */
    private Path hangingVirsh() throws IOException {
        return fakeVirsh("echo $$ > \"$d/pid\"\nexec sleep 60\n");
    }

    private long awaitPid() throws Exception {
        Path pid = dir.resolve("pid");
        assertThat(RealHosts.await(Duration.ofSeconds(5), () -> Files.exists(pid) && size(pid) > 0)).isTrue();
        return Long.parseLong(Files.readString(pid).strip());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    @Test
    void watchdogKillsAHangingVirshAndFailsTimeout() throws Exception {
        VirshDriver d = VirshDriver.builder("qemu:///system").virsh(hangingVirsh()).timeout(Duration.ofMillis(500))
                .build();
        long start = System.nanoTime();
        assertThatThrownBy(() -> d.state("vm1")).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
            assertThat(e.getMessage()).contains("vm1").contains("qemu:///system").contains("500 ms");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        long pid = awaitPid();
        assertThat(RealHosts.await(Duration.ofSeconds(2),
                () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))).isTrue();
    }

    @Test
    void interruptKillsTheRunningVirshProcessPromptly() throws Exception {
        VirshDriver d = VirshDriver.builder("qemu:///system").virsh(hangingVirsh()).timeout(Duration.ofSeconds(60))
                .build();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                d.suspend("vm1");
            } catch (Throwable e) {
                failure.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        long pid = awaitPid();
        long start = System.nanoTime();
        t.interrupt();
        t.join(5_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(failure.get()).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
            assertThat(e.getMessage()).contains("vm1");
        });
        assertThat(stillInterrupted.get()).isTrue();
        assertThat(RealHosts.await(Duration.ofSeconds(2),
                () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))).isTrue();
    }

    @Test
    void argumentsReachVirshUntouchedWithACLocale() throws Exception {
        Path virsh = fakeVirsh("printf '%s' \"$LC_ALL\" > \"$d/env\"\n"
                + "for a in \"$@\"; do printf '%s\\000' \"$a\"; done > \"$d/args\"\n");
        String hostile = "a b;$(touch /tmp/pwned) `id` 'q\" <&> é日本 * ~ \\n";
        String uri = "qemu+unix:///system?socket=/tmp/x y&z";
        VirshDriver d = VirshDriver.builder(uri).virsh(virsh).build();
        d.suspend(hostile);
        assertThat(Files.readString(dir.resolve("env"))).isEqualTo("C");
        assertThat(recordedArgs()).containsExactly("-c", uri, "suspend", "--domain", hostile);
    }

    @Test
    void aNameVirshWouldTakeForAnIdIsResolvedToItsUuidFirst() throws Exception {
        Path virsh = fakeVirsh("for a in \"$@\"; do printf '%s\\000' \"$a\"; done > \"$d/args\"\n"
                + "case \"$*\" in *\"list --all --uuid --name\"*) "
                + "printf '0f8e4a52-3f1c-4c57-9d1a-6f3b2c1d0e11 42\\n\\n';; "
                + "*domstate*) printf 'paused (user)\\n\\n';; esac\n");
        VirshDriver d = VirshDriver.builder("qemu:///system").virsh(virsh).build();
        assertThat(d.state("42")).isEqualTo(new DomainStatus(DomainState.PAUSED, StateReason.PAUSED_USER));
        assertThat(recordedArgs()).containsExactly("-c", "qemu:///system", "domstate", "--reason", "--domain",
                "0f8e4a52-3f1c-4c57-9d1a-6f3b2c1d0e11");
        assertThatThrownBy(() -> d.state("43")).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.error()).isEqualTo(LibvirtError.NO_DOMAIN));
    }

    private List<String> recordedArgs() throws IOException {
        String raw = new String(Files.readAllBytes(dir.resolve("args")), StandardCharsets.UTF_8);
        return Arrays.asList(raw.substring(0, raw.length() - 1).split("\0", -1));
    }

    @Test
    void aVirshThatCannotStartIsInternal() {
        VirshDriver d = VirshDriver.builder("qemu:///system").virsh(dir.resolve("no-such-virsh")).build();
        assertThatThrownBy(d::hostname).isInstanceOfSatisfying(DriverException.class, e -> {
            assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
            assertThat(e.getMessage()).contains("no-such-virsh");
        });
    }
}
