package org.iaasengine.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.iaasengine.core.spi.TaskScheduler;

/**
 * Waiting the engine's way outside a step's own retries: every poll, backoff and pause in the
 * library goes through a {@link Retry} (how many looks, how far apart, for how long) and a
 * {@link TaskScheduler} (the one clock), run by the same loop that retries the engine's steps. No
 * thread sleeps: a wait is a task on the scheduler.
 *
 * <p><b>In a command</b> that must wait inside {@code execute} (a shutdown that polls the
 * guest's state, a check after a lost reply), the blocking forms park the calling thread (the
 * engine's worker) until the scheduler says the wait is over, then run the next look on that same
 * thread. They are interruptible (the engine interrupts a cancelled or timed-out step), check
 * {@link CommandContext#checkCancelled()} before every look after the first, and end before the
 * step's or the action's deadline ({@link CommandContext#timeLeftOr}): the retry's max duration
 * is cut to the time left. A test that injects a manual scheduler into the engine moves the
 * command's clock too.
 *
 * <pre>{@code
 * // poll every 100 ms for up to 60 s; a TRANSIENT failure of a look counts as "not yet"
 * Retry every100ms = Retry.builder().fixedDelay(Duration.ofMillis(100)).jitter(0)
 *         .maxAttempts(Integer.MAX_VALUE).maxDuration(Duration.ofSeconds(60)).build();
 * boolean off = Poll.until(() -> hypervisor.isOff(vm), every100ms, ctx);
 *
 * // ask again while the daemon is away (TRANSIENT), backing off; then give up with its failure
 * Retry patience = Retry.builder().maxAttempts(Integer.MAX_VALUE).backoff(Duration.ofMillis(100),
 *         Duration.ofSeconds(2)).jitter(0).maxDuration(Duration.ofSeconds(60)).build();
 * Optional<Vm> found = Poll.retry(() -> hypervisor.lookup(vm), patience, ctx.scheduler(), ctx);
 * }</pre>
 *
 * <p><b>In the library's own loops</b> (a reconnect, a restart of an event process), the
 * asynchronous form {@link #retryAfter} holds no thread while it waits: attempts run on the
 * owner's executor, waits are scheduled, and cancelling the returned future stops the loop.
 */
public final class Poll {
    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);
    private static final Runnable WAKE = () -> { };

    /** Told before each wait of a loop. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Attempt {@code failedAttempt} (1 for the first) ended with {@code failure} (null: with
         * an answer that was not yet the one waited for); the next attempt follows after {@code delay}.
         */
        void retrying(int failedAttempt, Duration delay, Throwable failure);
    }

    private Poll() {
    }

    /**
     * {@link #until(BooleanSupplier, Retry, TaskScheduler, CommandContext)} on the engine's
     * scheduler ({@link CommandContext#scheduler()}).
     */
    public static boolean until(BooleanSupplier condition, Retry retry, CommandContext ctx)
            throws InterruptedException {
        return until(condition, retry, ctx.scheduler(), ctx);
    }

    /**
     * Looks at {@code condition} until it holds: at once, then after each wait of {@code retry}
     * (its backoff, jitter, max attempts and max duration), on the calling thread. A look that
     * throws a failure of a category the retry retries counts as "not yet"; any other failure is
     * thrown at once. True once the condition held; false when the attempts or the time (the
     * retry's, or what {@code ctx} has left) ran out first.
     *
     * @param ctx the running command's context, or null outside a command (no deadline, no cancel)
     * @throws InterruptedException when the thread is interrupted while it waits (the pending wait
     *                              is cancelled)
     */
    public static boolean until(BooleanSupplier condition, Retry retry, TaskScheduler scheduler, CommandContext ctx)
            throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        try {
            return block(retry, scheduler, ctx, condition::getAsBoolean,
                    (done, failure) -> failure == null ? !done : retryable(retry, failure), null);
        } catch (RuntimeException | Error e) {
            if (retryable(retry, e)) {
                return false; // out of attempts or time while the looks were failing
            }
            throw e;
        }
    }

    /**
     * {@link #until(BooleanSupplier, Retry, TaskScheduler, CommandContext)} that also ends as soon
     * as {@code over} completes, without waiting out the pending wait: for work that signals its own
     * end (a job's future) and must still be looked at now and then (its deadline, its peer). The
     * condition is looked at as usual; the completion of {@code over}, however it completes, counts
     * as the condition holding.
     *
     * <pre>{@code
     * // until the job ends, or its destination goes away, or 60 s pass
     * Retry every200ms = Retry.builder().fixedDelay(Duration.ofMillis(200)).jitter(0)
     *         .maxAttempts(Integer.MAX_VALUE).maxDuration(Duration.ofSeconds(60)).build();
     * boolean over = Poll.until(() -> destinationGone(), job, every200ms, scheduler, null);
     * }</pre>
     *
     * @return true once {@code over} completed or the condition held; false when the attempts or
     *         the time ran out first
     * @throws InterruptedException when the thread is interrupted while it waits (the pending wait
     *                              is cancelled)
     */
    public static boolean until(BooleanSupplier condition, CompletionStage<?> over, Retry retry,
            TaskScheduler scheduler, CommandContext ctx) throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        CompletableFuture<?> end = Objects.requireNonNull(over, "over").toCompletableFuture();
        BooleanSupplier either = () -> end.isDone() || condition.getAsBoolean();
        try {
            return block(retry, scheduler, ctx, either::getAsBoolean,
                    (done, failure) -> failure == null ? !done : retryable(retry, failure), end);
        } catch (RuntimeException | Error e) {
            if (retryable(retry, e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Calls {@code call} until it returns: at once, then again after each wait of {@code retry}
     * while it fails with a category the retry retries. Returns the first answer; throws the last
     * failure when the attempts or the time (the retry's, or what {@code ctx} has left) ran out,
     * and any other failure at once.
     *
     * @param ctx the running command's context, or null outside a command (no deadline, no cancel)
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public static <T> T retry(Supplier<T> call, Retry retry, TaskScheduler scheduler, CommandContext ctx)
            throws InterruptedException {
        Objects.requireNonNull(call, "call");
        return block(retry, scheduler, ctx, call, (r, failure) -> failure != null && retryable(retry, failure), null);
    }

    /**
     * Calls {@code call} until {@code again} says its outcome is final: at once, then again after
     * each wait of {@code retry} while {@code again} holds for the outcome (a result, or a failure
     * when not null). The caller decides what deserves another call, not the failure's category:
     * a read-modify-write asks again after a stale etag only, and the retry's {@code retryOn} is
     * not consulted. Returns the last result, or throws the last failure, when {@code again} says
     * no or the attempts or the time (the retry's, or what {@code ctx} has left) ran out.
     * {@code again} may be asked more than once about one outcome: it must only decide (log in
     * {@code call}, not in it).
     *
     * <pre>{@code
     * // re-read and write again, at once, after each 412 (at most 5 writes)
     * Retry etag = Retry.builder().maxAttempts(5).fixedDelay(Duration.ZERO).jitter(0).build();
     * Entry<Vios> written = Poll.retryWhile(this::readModifyWrite,
     *         (r, f) -> f instanceof HttpFailure h && h.status() == 412, etag, scheduler, null);
     * }</pre>
     *
     * @param ctx the running command's context, or null outside a command (no deadline, no cancel)
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    public static <T> T retryWhile(Supplier<T> call, BiPredicate<? super T, ? super Throwable> again, Retry retry,
            TaskScheduler scheduler, CommandContext ctx) throws InterruptedException {
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(again, "again");
        return block(retry, scheduler, ctx, call, again::test, null);
    }

    /**
     * Waits {@code duration} (no longer than {@code ctx} has left) on {@code scheduler}, parking
     * the calling thread; interruptible. Throws a CANCELLED failure if the action is cancelled.
     *
     * @param ctx the running command's context, or null outside a command
     */
    public static void pause(Duration duration, TaskScheduler scheduler, CommandContext ctx)
            throws InterruptedException {
        Objects.requireNonNull(duration, "duration");
        if (ctx != null) {
            ctx.checkCancelled();
        }
        Duration wait = ctx == null ? duration : ctx.timeLeftOr(duration);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        CompletableFuture<Void> due = new CompletableFuture<>();
        TaskScheduler.Scheduled task = scheduler.schedule(() -> due.complete(null), wait);
        try {
            due.get();
        } catch (InterruptedException e) {
            task.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pause cannot fail", e);
        }
        if (ctx != null) {
            ctx.checkCancelled();
        }
    }

    /**
     * Runs {@code attempt} after a first failure that has already happened ({@code failure}, for
     * example the loss of a connection), again and again per {@code retry} while {@code again}
     * says an outcome (a result, or a failure when not null) deserves another attempt. Holds no
     * thread while it waits: the waits are tasks on {@code scheduler}, the attempts run on
     * {@code executor}. The future completes with the last outcome; cancelling it cancels the
     * pending wait and runs no further attempt.
     *
     * <p>The first wait is the retry's initial delay; a retry with an initial delay of zero runs
     * the first attempt at once on the calling thread.
     *
     * @param listener told before each wait (for logs), or null
     */
    public static <T> CompletableFuture<T> retryAfter(Throwable failure, Callable<T> attempt,
            BiPredicate<? super T, ? super Throwable> again, Retry retry, TaskScheduler scheduler, Executor executor,
            Listener listener) {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(attempt, "attempt");
        return loop(retry, System.nanoTime(), null, failure, attempt, again, listener, scheduler,
                executor);
    }

    /**
     * A {@link RetryLoop} that takes over after a first attempt that started at
     * {@code firstStartNanos} and ended with {@code firstResult} or {@code firstFailure}: the same
     * loop (waits, jitter, max attempts, max duration, cancellation) that runs a step's retries.
     * Waits are scheduled on {@code timer}; the attempts after them run on {@code workers}.
     */
    private static <T> CompletableFuture<T> loop(Retry retry, long firstStartNanos, T firstResult,
            Throwable firstFailure, Callable<T> attempt, BiPredicate<? super T, ? super Throwable> again,
            Listener listener, TaskScheduler timer, Executor workers) {
        RetryLoop.Listener l = listener == null ? (n, d, f) -> { } : listener::retrying;
        return new RetryLoop<T>(retry, firstStartNanos, n -> attempt.call(), again::test, l, timer, workers)
                .after(firstResult, firstFailure);
    }

    private static boolean retryable(Retry retry, Throwable failure) {
        return retry.isRetryable(FailureCategory.of(failure));
    }

    /**
     * The blocking loop: the first look on this thread; then the engine's retry loop schedules
     * each wait and hands the next look back to this thread, which takes it from a queue. The
     * thread is parked on that queue in between, so it never sleeps through a wait of its own.
     * When {@code wake} (may be null) completes, the pending wait is cancelled and one more look
     * runs on this thread at once.
     */
    private static <T> T block(Retry retry, TaskScheduler scheduler, CommandContext ctx, Supplier<T> probe,
            BiPredicate<T, Throwable> again, CompletableFuture<?> wake) throws InterruptedException {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(scheduler, "scheduler");
        long start = System.nanoTime();
        Retry bounded = withinDeadline(retry, ctx);
        Supplier<T> look = () -> {
            if (ctx != null) {
                ctx.checkCancelled();
            }
            return probe.get();
        };
        T first = null;
        Throwable failure = null;
        try {
            first = probe.get(); // the first look is the caller's own: no cancel check before it
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        if (!bounded.retries() || !again.test(first, failure)) {
            return outcome(first, failure);
        }
        LinkedBlockingQueue<Runnable> handedBack = new LinkedBlockingQueue<>();
        CompletableFuture<T> loop = loop(bounded, start, first, failure, look::get, again, null,
                scheduler, handedBack::add);
        loop.whenComplete((r, f) -> handedBack.add(WAKE));
        if (wake != null) {
            wake.whenComplete((r, f) -> handedBack.add(WAKE));
        }
        try {
            while (!loop.isDone()) {
                if (wake != null && wake.isDone()) {
                    loop.cancel(false);
                    return look.get();
                }
                handedBack.take().run();
            }
        } catch (InterruptedException e) {
            loop.cancel(false);
            throw e;
        }
        try {
            return loop.join();
        } catch (CompletionException e) {
            return outcome(null, e.getCause());
        } catch (CancellationException e) {
            throw new CommandException(FailureCategory.CANCELLED, "the wait was cancelled", e);
        }
    }

    private static <T> T outcome(T result, Throwable failure) {
        if (failure == null) {
            return result;
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        throw new CommandException(FailureCategory.INTERNAL, "a poll failed: " + failure, failure);
    }

    /** The retry with its max duration cut to what the command has left, if that is less. */
    private static Retry withinDeadline(Retry retry, CommandContext ctx) {
        if (ctx == null) {
            return retry;
        }
        Duration cap = retry.maxDuration().isZero() ? FOREVER : retry.maxDuration();
        Duration left = ctx.timeLeftOr(cap);
        if (left.compareTo(cap) >= 0) {
            return retry;
        }
        if (left.compareTo(retry.initialDelay()) <= 0) {
            return retry.toBuilder().maxAttempts(1).maxDuration(Duration.ZERO).build(); // no time for a wait
        }
        return retry.toBuilder().maxDuration(left).build();
    }
}
