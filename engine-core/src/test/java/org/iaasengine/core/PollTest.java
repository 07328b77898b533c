package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.iaasengine.core.spi.TaskScheduler;
import org.junit.jupiter.api.Test;

/**
 * {@link Poll}: the blocking waits of commands and the asynchronous loops of the library, timed by
 * a manual scheduler that only this test moves. No test here sleeps: the thread that polls parks
 * until the test advances the clock, and each look runs on that thread.
 */
class PollTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private final ManualScheduler clock = new ManualScheduler();

    /** A command's context whose deadline and cancellation the test sets. */
    private final class Ctx implements CommandContext {
        volatile Duration timeLeft;
        volatile boolean cancelled;

        @Override
        public String actionId() {
            return "a1";
        }

        @Override
        public String actionName() {
            return "test";
        }

        @Override
        public String resourceKey() {
            return "vm:test";
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public Duration timeLeftOr(Duration fallback) {
            Duration left = timeLeft;
            return left == null || left.compareTo(fallback) > 0 ? fallback : left;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public TaskScheduler scheduler() {
            return clock;
        }

        @Override
        public void progress(double fraction, String message) {
        }

        @Override
        public <V> V get(Key<V> key) {
            throw new IllegalStateException("no results here");
        }

        @Override
        public <V> Optional<V> find(Key<V> key) {
            return Optional.empty();
        }
    }

    private final Ctx ctx = new Ctx();

    private static Retry every(Duration d, int attempts) {
        return Retry.builder().fixedDelay(d).jitter(0).maxAttempts(attempts).build();
    }

    /** Runs {@code body} on a thread of its own (as an engine worker would) and returns its outcome. */
    private static <T> CompletableFuture<T> onWorker(ThrowingSupplier<T> body, List<Thread> ranOn) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "poll-test-worker");
        ranOn.add(t);
        t.start();
        return f;
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    @Test
    void untilLooksAtOnceThenAfterEachScheduledWaitOnTheCallingThread() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        List<Thread> lookedOn = new CopyOnWriteArrayList<>();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> done = onWorker(() -> Poll.until(() -> {
            lookedOn.add(Thread.currentThread());
            return looks.incrementAndGet() == 3;
        }, every(Duration.ofMillis(100), 10), ctx), workers);

        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        assertThat(looks.get()).isEqualTo(1);
        clock.advance(Duration.ofMillis(99));
        assertThat(done).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofMillis(100));

        assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(looks.get()).isEqualTo(3);
        assertThat(clock.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(100));
        assertThat(lookedOn).containsOnly(workers.get(0));
        assertThat(clock.pending()).isZero();
    }

    @Test
    void untilIsFalseWhenTheAttemptsRunOut() throws Exception {
        CompletableFuture<Boolean> done = onWorker(() -> Poll.until(() -> false, every(Duration.ofSeconds(1), 3),
                ctx), new CopyOnWriteArrayList<>());
        for (int i = 0; i < 2; i++) {
            assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(done.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(clock.delays()).hasSize(2);
    }

    @Test
    void aRetryableFailureOfALookIsNotYetAndAnyOtherIsThrownAtOnce() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        CompletableFuture<Boolean> done = onWorker(() -> Poll.until(() -> {
            if (looks.incrementAndGet() == 1) {
                throw new CommandException(FailureCategory.TRANSIENT, "daemon away");
            }
            return true;
        }, every(Duration.ofMillis(100), 5), ctx), new CopyOnWriteArrayList<>());
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofMillis(100));
        assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> Poll.until(() -> {
            throw new CommandException(FailureCategory.NOT_FOUND, "no such domain");
        }, every(Duration.ofMillis(100), 5), ctx)).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND));
        assertThat(clock.pending()).isZero();
    }

    @Test
    void retryBacksOffWhileTheCallFailsRetryablyAndReturnsTheFirstAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Retry backoff = Retry.builder().maxAttempts(10).backoff(Duration.ofMillis(100), Duration.ofMillis(300))
                .jitter(0).build();
        CompletableFuture<String> answer = onWorker(() -> Poll.retry(() -> {
            if (calls.incrementAndGet() < 4) {
                throw new CommandException(FailureCategory.TRANSIENT, "not yet " + calls.get());
            }
            return "found";
        }, backoff, clock, ctx), new CopyOnWriteArrayList<>());
        for (Duration d : List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300))) {
            assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
            clock.advance(d);
        }
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("found");
        assertThat(clock.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(300));
    }

    @Test
    void retryThrowsTheLastFailureWhenItRunsOutOfAttempts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<String> answer = onWorker(() -> Poll.retry(() -> {
            throw new CommandException(FailureCategory.TRANSIENT, "still away " + calls.incrementAndGet());
        }, every(Duration.ofMillis(100), 2), clock, ctx), new CopyOnWriteArrayList<>());
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofMillis(100));
        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessage("still away 2");
    }

    @Test
    void untilEndsWhenTheWorkItWaitsOnCompletesWithoutWaitingOutThePendingWait() throws Exception {
        CompletableFuture<String> job = new CompletableFuture<>();
        AtomicInteger looks = new AtomicInteger();
        List<Thread> workers = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> done = onWorker(() -> Poll.until(() -> {
            looks.incrementAndGet();
            return false;
        }, job, every(Duration.ofMinutes(1), 100), clock, null), workers);

        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        assertThat(looks.get()).isEqualTo(1);
        job.completeExceptionally(new IllegalStateException("ended badly: still an end"));

        assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(looks.get()).as("the condition is not asked again once the work ended").isEqualTo(1);
        assertThat(clock.awaitPending(0, PATIENCE)).as("the pending wait was cancelled").isTrue();
        assertThat(clock.delays()).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void untilWithWorkStillLooksAndTimesOutAsAnyPoll() throws Exception {
        CompletableFuture<Void> never = new CompletableFuture<>();
        AtomicInteger looks = new AtomicInteger();
        CompletableFuture<Boolean> held = onWorker(() -> Poll.until(() -> looks.incrementAndGet() == 2, never,
                every(Duration.ofSeconds(1), 5), clock, null), new CopyOnWriteArrayList<>());
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(held.get(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> ranOut = onWorker(() -> Poll.until(() -> false, never,
                every(Duration.ofSeconds(1), 2), clock, null), new CopyOnWriteArrayList<>());
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(ranOut.get(10, TimeUnit.SECONDS)).isFalse();

        assertThat(Poll.until(() -> false, CompletableFuture.completedFuture(null), every(Duration.ofSeconds(1), 2),
                clock, null)).as("work already over: no wait at all").isTrue();
    }

    @Test
    void retryWhileAsksAgainOnlyWhenTheCallerSaysSoWhateverTheCategory() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Retry twice = Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(50)).jitter(0)
                .retryOn(FailureCategory.TRANSIENT).build();
        CompletableFuture<String> answer = onWorker(() -> Poll.retryWhile(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new CommandException(FailureCategory.CONFLICT, "stale " + calls.get());
            }
            return "written";
        }, (r, f) -> f != null && f.getMessage().startsWith("stale"), twice, clock, ctx),
                new CopyOnWriteArrayList<>());
        for (int i = 0; i < 2; i++) {
            assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
            clock.advance(Duration.ofMillis(50));
        }
        assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("written");
        assertThat(clock.delays()).containsExactly(Duration.ofMillis(50), Duration.ofMillis(50));

        // A TRANSIENT failure the retry would retry is final when the caller says so.
        AtomicInteger once = new AtomicInteger();
        assertThatThrownBy(() -> Poll.retryWhile(() -> {
            once.incrementAndGet();
            throw new CommandException(FailureCategory.TRANSIENT, "away");
        }, (r, f) -> false, twice, clock, ctx)).hasMessage("away");
        assertThat(once.get()).isEqualTo(1);

        // A zero wait asks again at once on the calling thread: nothing is scheduled.
        AtomicInteger quick = new AtomicInteger();
        Retry atOnce = Retry.builder().maxAttempts(4).fixedDelay(Duration.ZERO).jitter(0).build();
        assertThatThrownBy(() -> Poll.retryWhile(() -> {
            throw new CommandException(FailureCategory.CONFLICT, "stale " + quick.incrementAndGet());
        }, (r, f) -> f != null, atOnce, clock, null)).hasMessage("stale 4");
        assertThat(clock.delays()).hasSize(2);
    }

    @Test
    void anInterruptEndsTheWaitAtOnceAndCancelsTheScheduledTask() throws Exception {
        List<Thread> workers = new CopyOnWriteArrayList<>();
        CompletableFuture<Boolean> done = onWorker(() -> Poll.until(() -> false, every(Duration.ofMinutes(1), 100),
                ctx), workers);
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        workers.get(0).interrupt();
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(InterruptedException.class);
        assertThat(clock.awaitPending(0, PATIENCE)).isTrue();
    }

    @Test
    void aCommandWithLessTimeLeftThanTheFirstWaitLooksOnceAndSchedulesNothing() throws Exception {
        ctx.timeLeft = Duration.ofMillis(50);
        AtomicInteger looks = new AtomicInteger();
        assertThat(Poll.until(() -> looks.incrementAndGet() > 5, every(Duration.ofMillis(100), 100), ctx)).isFalse();
        assertThat(looks.get()).isEqualTo(1);
        assertThat(clock.delays()).isEmpty();
    }

    @Test
    void aCancelledActionStopsThePollAtItsNextLook() throws Exception {
        AtomicInteger looks = new AtomicInteger();
        CompletableFuture<Boolean> done = onWorker(() -> Poll.until(() -> looks.incrementAndGet() > 5,
                every(Duration.ofMillis(100), 100), ctx), new CopyOnWriteArrayList<>());
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        ctx.cancelled = true;
        clock.advance(Duration.ofMillis(100));
        assertThatThrownBy(() -> done.get(10, TimeUnit.SECONDS)).cause().isInstanceOfSatisfying(
                CommandException.class, e -> assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED));
        assertThat(looks.get()).isEqualTo(1);
    }

    @Test
    void pauseParksUntilTheSchedulerSaysAndIsCutToTheTimeLeft() throws Exception {
        CompletableFuture<Boolean> paused = onWorker(() -> {
            Poll.pause(Duration.ofSeconds(2), clock, ctx);
            return true;
        }, new CopyOnWriteArrayList<>());
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofMillis(1999));
        assertThat(paused).isNotDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(paused.get(10, TimeUnit.SECONDS)).isTrue();

        ctx.timeLeft = Duration.ofMillis(300);
        CompletableFuture<Boolean> cut = onWorker(() -> {
            Poll.pause(Duration.ofSeconds(2), clock, ctx);
            return true;
        }, new CopyOnWriteArrayList<>());
        assertThat(clock.awaitPending(1, PATIENCE)).isTrue();
        clock.advance(Duration.ofMillis(300));
        assertThat(cut.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(clock.delays()).containsExactly(Duration.ofSeconds(2), Duration.ofMillis(300));
    }

    @Test
    void retryAfterHoldsNoThreadWhileItWaitsAndStopsWhenCancelled() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        List<String> told = new CopyOnWriteArrayList<>();
        Retry forever = Retry.builder().maxAttempts(Integer.MAX_VALUE)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(300)).jitter(0).build();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<String> reconnect = Poll.retryAfter(new IllegalStateException("lost"), () -> {
            ranOn.set(Thread.currentThread());
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("refused " + attempts.get());
            }
            return "connected";
        }, (r, f) -> f != null, forever, clock, Runnable::run,
                (n, delay, f) -> told.add(n + ":" + delay.toMillis() + ":" + f.getMessage()));

        assertThat(attempts.get()).isZero();
        assertThat(clock.pending()).isEqualTo(1);
        clock.advance(Duration.ofMillis(100));
        clock.advance(Duration.ofMillis(200));
        clock.advance(Duration.ofMillis(300));
        assertThat(reconnect).isCompletedWithValue("connected");
        assertThat(told).containsExactly("1:100:lost", "2:200:refused 1", "3:300:refused 2");
        assertThat(ranOn.get()).isSameAs(Thread.currentThread()); // the executor given: here, the caller

        CompletableFuture<String> stopped = Poll.retryAfter(new IllegalStateException("lost"), () -> "never",
                (r, f) -> f != null, forever, clock, Runnable::run, null);
        assertThat(clock.pending()).isEqualTo(1);
        stopped.cancel(false);
        assertThat(clock.pending()).isZero();
    }

    @Test
    void backoffDelaysGrowByTheMultiplierUpToTheMax() {
        Retry r = Retry.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).build();
        assertThat(r.backoffDelay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(r.backoffDelay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(r.backoffDelay(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(r.backoffDelay(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.backoffDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> r.backoffDelay(0)).hasMessageContaining("0");
    }
}
