package org.iaasengine.libvirt.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one migration watch, with a job the test drives: how it waits, and how it stops a job. */
class MigrationWatchTest {
    private final SystemScheduler scheduler = new SystemScheduler("migration-watch-test");

    @AfterEach
    void tearDown() {
        scheduler.close();
    }

    /** A job whose end, outcome, abort and kill the test decides; it records what the watch did. */
    private static class FakeJob implements MigrationWatch.Job {
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile boolean succeeds = true;
        volatile boolean endsOnAbort;
        volatile boolean canKill;
        volatile DriverException abortFailure;
        volatile DriverException trouble;

        @Override
        public String describe() {
            return "migration of 'vm' from a to b";
        }

        @Override
        public CompletableFuture<?> ended() {
            return ended;
        }

        @Override
        public DriverException trouble() {
            return trouble;
        }

        @Override
        public void outcome() {
            calls.add("outcome");
            if (!succeeds) {
                throw new DriverException(LibvirtError.OPERATION_ABORTED, "aborted by client", null);
            }
        }

        @Override
        public void abort() {
            calls.add("abort");
            if (abortFailure != null) {
                throw abortFailure;
            }
            if (endsOnAbort) {
                ended.complete(null);
            }
        }

        @Override
        public boolean kill() {
            calls.add("kill");
            if (canKill) {
                ended.complete(null);
            }
            return canKill;
        }

        @Override
        public DriverException timedOut(Duration timeout) {
            return new DriverException(LibvirtError.UNKNOWN, FailureCategory.TIMEOUT, "did not finish in " + timeout,
                    null);
        }

        @Override
        public DriverException interrupted(InterruptedException e) {
            return new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED, "interrupted", e);
        }
    }

    /** A scheduler that never runs what it is given: only the job's own end can end a wait. */
    private static final TaskScheduler FROZEN = (task, delay) -> () -> true;

    @Test
    void aJobThatEndsWakesTheWatchAtOnceAndItsOutcomeIsTheAnswer() throws Exception {
        FakeJob job = new FakeJob();
        MigrationWatch watch = new MigrationWatch(FROZEN, Duration.ofSeconds(5), Duration.ZERO);
        CompletableFuture<Void> watching = CompletableFuture.runAsync(() -> watch.watch(job, Duration.ofMinutes(5)));
        Thread.onSpinWait();
        job.ended.complete(null);
        watching.get(10, TimeUnit.SECONDS);
        assertThat(job.calls).containsExactly("outcome");

        FakeJob failing = new FakeJob();
        failing.succeeds = false;
        failing.ended.complete(null);
        assertThatThrownBy(() -> watch.watch(failing, Duration.ofMinutes(5))).isInstanceOfSatisfying(
                DriverException.class, e -> assertThat(e.error()).isEqualTo(LibvirtError.OPERATION_ABORTED));
        assertThat(failing.calls).containsExactly("outcome");
    }

    @Test
    void aJobPastItsTimeoutIsAbortedAndFailsTimeoutWithTheAbortFailureAttached() {
        FakeJob job = new FakeJob();
        job.abortFailure = new DriverException(LibvirtError.OPERATION_INVALID, "no job", null);
        MigrationWatch watch = new MigrationWatch(scheduler, Duration.ofMillis(100), Duration.ZERO);
        long start = System.nanoTime();
        assertThatThrownBy(() -> watch.watch(job, Duration.ofMillis(500))).isInstanceOfSatisfying(
                DriverException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.TIMEOUT);
                    assertThat(e.getSuppressed()).containsExactly(job.abortFailure);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(500),
                Duration.ofSeconds(5));
        assertThat(job.calls).containsExactly("abort", "kill");
    }

    @Test
    void aMigrationThatFinishesWhileItIsBeingAbortedIsASuccess() {
        FakeJob job = new FakeJob();
        job.endsOnAbort = true;
        new MigrationWatch(scheduler, Duration.ofSeconds(5), Duration.ZERO).watch(job, Duration.ofMillis(250));
        assertThat(job.calls).containsExactly("abort", "outcome");
    }

    @Test
    void aJobThatCannotFinishIsStoppedWithTheTroubleFoundAndAKillableOneIsKilledAfterTheGrace() {
        FakeJob job = new FakeJob();
        job.canKill = true;
        job.succeeds = false;
        DriverException gone = new DriverException(LibvirtError.RPC, FailureCategory.TRANSIENT, "went away", null);
        MigrationWatch watch = new MigrationWatch(scheduler, Duration.ofMillis(100), Duration.ofSeconds(1));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> job.trouble = gone);
        try {
            watch.watch(job, Duration.ofMinutes(5));
        } catch (DriverException e) {
            thrown.set(e);
        }
        assertThat(thrown.get()).isSameAs(gone);
        assertThat(job.calls).containsExactly("abort", "kill", "outcome");
    }

    @Test
    void anInterruptAbortsKillsAtOnceWhereTheDriverCanAndKeepsTheFlag() throws Exception {
        FakeJob job = new FakeJob();
        job.canKill = true;
        MigrationWatch watch = new MigrationWatch(FROZEN, Duration.ofMinutes(5), Duration.ofMinutes(5));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean flag = new AtomicBoolean();
        Thread t = new Thread(() -> {
            try {
                watch.watch(job, Duration.ofMinutes(5));
            } catch (Throwable e) {
                thrown.set(e);
            }
            flag.set(Thread.currentThread().isInterrupted());
        });
        t.start();
        t.interrupt();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOfSatisfying(DriverException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED));
        assertThat(flag).isTrue();
        assertThat(job.calls).containsExactly("abort", "kill");
    }

    @Test
    void shortTimeoutsAreOneWaitAndLongOnesALookEveryCheck() {
        assertThat(MigrationWatch.checks(Duration.ofMillis(50)).maxAttempts()).isEqualTo(2);
        assertThat(MigrationWatch.checks(Duration.ofMillis(50)).initialDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(MigrationWatch.checks(Duration.ofMinutes(1)).initialDelay()).isEqualTo(MigrationWatch.CHECK_EVERY);
        assertThat(MigrationWatch.checks(Duration.ofMinutes(1)).maxDuration()).isEqualTo(Duration.ofMinutes(1));
    }
}
