package org.iaasengine.libvirt.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.LibraryThreads;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.sync.ManualScheduler;
import org.junit.jupiter.api.Test;

/**
 * {@link MigrateVm}'s progress: read every 500 ms of the engine's clock (a manual scheduler here)
 * while the worker is blocked in the migrate call, on a thread that lives exactly as long as the
 * migration (no static executor).
 */
class MigrateVmTest {
    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> progress = new CopyOnWriteArrayList<>();
    private final CountDownLatch migrationMayEnd = new CountDownLatch(1);
    private final AtomicInteger progressReads = new AtomicInteger();

    private LibvirtDriver driver(boolean source) {
        return (LibvirtDriver) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {LibvirtDriver.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookup" -> source
                            ? Optional.of(new DomainSummary("web1", "uuid-1", 1, DomainState.RUNNING, true))
                            : Optional.empty();
                    case "migrate" -> {
                        migrationMayEnd.await();
                        yield null;
                    }
                    case "jobProgress" -> {
                        int n = progressReads.incrementAndGet();
                        yield Optional.of(new JobProgress(500L * n, 4 * 1024L * 1024, n * 1024L * 1024, (4 - n) * 1024L * 1024));
                    }
                    case "uri" -> source ? "fake:///source" : "fake:///destination";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private final CommandContext ctx = new CommandContext() {
        @Override
        public String actionId() {
            return "a1";
        }

        @Override
        public String actionName() {
            return "migrate";
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

    @Test
    void progressIsReadEvery500MsOfTheEnginesClockOnAThreadThatEndsWithTheMigration() throws Exception {
        MigrateVm cmd = new MigrateVm(driver(true), driver(false), "web1", MigrationOptions.live(Duration.ofMinutes(5)));
        CompletableFuture<Boolean> moved = CompletableFuture.supplyAsync(() -> cmd.execute(ctx),
                r -> new Thread(r, "migrate-test-worker").start());
        for (int i = 0; i < 3; i++) {
            assertThat(clock.awaitPending(1, Duration.ofSeconds(10))).isTrue();
            clock.advance(Duration.ofMillis(500));
        }
        assertThat(clock.awaitPending(1, Duration.ofSeconds(10))).isTrue(); // the third read is done
        assertThat(progressReads.get()).isEqualTo(3); // at 500, 1000 and 1500 ms, as before
        assertThat(LibraryThreads.alive()).extracting(Thread::getName).contains("iaas-migration-progress[web1]");

        migrationMayEnd.countDown();

        assertThat(moved.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(progress).startsWith("migrating 'web1': 1 of 4 MiB", "migrating 'web1': 2 of 4 MiB",
                "migrating 'web1': 3 of 4 MiB")
                .last().asString().isEqualTo("migrated 'web1' to fake:///destination");
        assertThat(LibraryThreads.alive()).extracting(Thread::getName)
                .doesNotContain("iaas-migration-progress[web1]"); // joined before execute returned
        assertThat(clock.pending()).isZero(); // its pending wait was cancelled
    }
}
