package org.iaasengine.libvirt.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.spec.ShutdownOutcome;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.iaasengine.libvirt.sync.ManualScheduler;
import org.junit.jupiter.api.Test;

/**
 * {@link ShutdownVm} on virtual time: the command polls through the engine's scheduler, here a
 * manual one the test moves 100 ms at a time, so a 10 s grace takes no real time and every press
 * and poll is counted exactly. The guest is a fake driver (a proxy of the port).
 */
class ShutdownVmTest {
    private static final Duration POLL = Duration.ofMillis(100);
    private final ManualScheduler clock = new ManualScheduler();
    private final AtomicInteger ticks = new AtomicInteger();

    /** A guest that powers off after {@code obeyAfter} ACPI presses (never when 0). */
    private final class Guest {
        volatile boolean running = true;
        final int obeyAfter;
        final boolean knowsAcpi;
        final List<Integer> pressedAtTick = new CopyOnWriteArrayList<>();
        final AtomicInteger destroys = new AtomicInteger();

        Guest(int obeyAfter, boolean knowsAcpi) {
            this.obeyAfter = obeyAfter;
            this.knowsAcpi = knowsAcpi;
        }

        LibvirtDriver driver() {
            return (LibvirtDriver) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {LibvirtDriver.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "lookup" -> Optional.of(new DomainSummary("web1", "uuid-1", running ? 1 : -1,
                                running ? DomainState.RUNNING : DomainState.SHUTOFF, true));
                        case "shutdown" -> {
                            if (args[1] == ShutdownMode.ACPI && !knowsAcpi) {
                                throw new CommandException(FailureCategory.INVALID_INPUT, "no ACPI here");
                            }
                            pressedAtTick.add(ticks.get());
                            if (obeyAfter > 0 && pressedAtTick.size() >= obeyAfter) {
                                running = false;
                            }
                            yield null;
                        }
                        case "destroy" -> {
                            destroys.incrementAndGet();
                            running = false;
                            yield null;
                        }
                        case "uri" -> "fake:///guest";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private final List<String> progress = new CopyOnWriteArrayList<>();

    private final CommandContext ctx = new CommandContext() {
        @Override
        public String actionId() {
            return "a1";
        }

        @Override
        public String actionName() {
            return "shutdown";
        }

        @Override
        public String resourceKey() {
            return "vm:web1";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public Duration timeLeftOr(Duration fallback) {
            return fallback;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public TaskScheduler scheduler() {
            return clock;
        }

        @Override
        public void progress(double fraction, String message) {
            progress.add(message);
        }

        @Override
        public <V> V get(Key<V> key) {
            throw new IllegalStateException();
        }

        @Override
        public <V> Optional<V> find(Key<V> key) {
            return Optional.empty();
        }
    };

    /** Runs the command on a worker thread and moves the clock a poll at a time until it is done. */
    private ShutdownOutcome shutDown(Guest guest, Duration grace, Duration resend) throws Exception {
        ShutdownVm cmd = new ShutdownVm(guest.driver(), null, "web1", grace, resend);
        CompletableFuture<ShutdownOutcome> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                return cmd.execute(ctx);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, r -> new Thread(r, "shutdown-test-worker").start());
        while (!outcome.isDone()) {
            if (clock.awaitPending(1, Duration.ofMillis(200))) {
                ticks.incrementAndGet();
                clock.advance(POLL);
            }
        }
        return outcome.get(10, TimeUnit.SECONDS);
    }

    @Test
    void theButtonIsPressedAgainEveryResendUntilTheGuestObeys() throws Exception {
        Guest guest = new Guest(3, true);
        assertThat(shutDown(guest, Duration.ofSeconds(10), Duration.ofSeconds(1))).isEqualTo(ShutdownOutcome.GRACEFUL);
        assertThat(guest.pressedAtTick).containsExactly(0, 10, 20); // at once, then every second of virtual time
        assertThat(guest.destroys.get()).isZero();
        assertThat(ticks.get()).isEqualTo(21); // seen off at the first poll after the third press
        assertThat(clock.pending()).isZero();
    }

    @Test
    void aGuestThatIgnoresAcpiIsDestroyedWhenTheGraceIsOver() throws Exception {
        Guest guest = new Guest(0, true);
        assertThat(shutDown(guest, Duration.ofSeconds(10), Duration.ofSeconds(1))).isEqualTo(ShutdownOutcome.FORCED);
        assertThat(guest.pressedAtTick).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
        assertThat(ticks.get()).isEqualTo(100); // 10 s of 100 ms polls
        assertThat(guest.destroys.get()).isEqualTo(1);
        assertThat(progress).last().asString().contains("ignored ACPI for 10 s; destroying it");
    }

    @Test
    void aGuestAlreadyOffIsLeftAloneAndNothingIsScheduled() throws Exception {
        Guest guest = new Guest(1, true);
        guest.running = false;
        assertThat(shutDown(guest, Duration.ofSeconds(10), Duration.ofSeconds(1)))
                .isEqualTo(ShutdownOutcome.ALREADY_OFF);
        assertThat(guest.pressedAtTick).isEmpty();
        assertThat(ticks.get()).isZero();
    }

    @Test
    void aDriverWithoutAcpiGetsItsDefaultShutdown() throws Exception {
        Guest guest = new Guest(1, false);
        assertThat(shutDown(guest, Duration.ofSeconds(10), Duration.ofSeconds(1))).isEqualTo(ShutdownOutcome.GRACEFUL);
        assertThat(guest.pressedAtTick).containsExactly(0);
        assertThat(ticks.get()).isEqualTo(1);
    }
}
