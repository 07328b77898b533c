package org.iaasengine.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiPredicate;
import org.iaasengine.core.spi.TaskScheduler;

/**
 * The attempts of one unit of work (a step's command, a verification check, a revert) that follow
 * the first one, per a {@link Retry}. The owner runs the first attempt itself, directly, and creates
 * a loop only when that attempt did not succeed; work that succeeds at once costs no retry
 * machinery.
 *
 * <p>After each outcome that deserves another attempt, the loop waits (exponential backoff with
 * jitter, cut to what is left of the retry's max duration, counted from the start of the first
 * attempt) and runs the next attempt on a worker. Waits are scheduled on the engine's timer; no
 * thread sleeps through one. A wait of zero runs the next attempt at once on the same thread.
 * The waits are those Failsafe's {@code RetryPolicy} computes for the same settings, which the
 * engine used before: the first is the initial delay, each next one the previous times the
 * multiplier up to the max delay, then the jitter spreads each by up to its fraction either way.
 *
 * <p>The loop is the future of the work's final outcome: the last result, or the last failure,
 * once an outcome does not deserve another attempt or the attempts or the time run out.
 * Cancelling it cancels the pending wait and runs no further attempt.
 *
 * @param <T> the result type of an attempt
 */
final class RetryLoop<T> extends CompletableFuture<T> {

    /** One attempt of the work; {@code attemptNo} counts from 1 (the owner's own first attempt). */
    @FunctionalInterface
    interface Attempt<T> {
        T run(int attemptNo) throws Throwable;
    }

    /** Told of the fate of each attempt that did not succeed, once the loop has decided it. */
    @FunctionalInterface
    interface Listener {
        /**
         * Attempt {@code failedAttempt} ended with {@code failure} (null: with a result that deserves
         * another attempt); the next attempt follows after {@code delay}. Told before the wait starts.
         */
        void retrying(int failedAttempt, Duration delay, Throwable failure);

        /**
         * Attempt {@code lastAttempt} ended with {@code failure} and no other follows: the loop is
         * about to fail with it. Not told when the loop ends with a result, is cancelled, or cannot
         * hand the next attempt to a worker.
         */
        default void gaveUp(int lastAttempt, Throwable failure) {
        }
    }

    private final Retry retry;
    private final long firstStartNanos;
    private final Attempt<T> attempt;
    private final BiPredicate<T, Throwable> retryable;
    private final Listener listener;
    private final TaskScheduler timer;
    private final Executor workers;

    // Touched by one thread at a time: the hand-off to a worker orders the attempts.
    private int attempts = 1;
    private long lastDelayNanos;
    private volatile TaskScheduler.Scheduled scheduledWait;

    /**
     * A loop for work whose first attempt started at {@code firstStartNanos} ({@link System#nanoTime()}).
     * {@code retryable} says whether an outcome (a result, or a failure when not null) deserves
     * another attempt; {@code timer} schedules the waits and {@code workers} run the attempts after them.
     */
    RetryLoop(Retry retry, long firstStartNanos, Attempt<T> attempt, BiPredicate<T, Throwable> retryable,
            Listener listener, TaskScheduler timer, Executor workers) {
        this.retry = retry;
        this.firstStartNanos = firstStartNanos;
        this.attempt = attempt;
        this.retryable = retryable;
        this.listener = listener;
        this.timer = timer;
        this.workers = workers;
    }

    /**
     * Takes over after the first attempt, which ended with {@code result} or {@code failure} (null:
     * with a result): completes at once if that outcome is final, else retries. Returns this loop.
     */
    RetryLoop<T> after(T result, Throwable failure) {
        settle(result, failure);
        return this;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        TaskScheduler.Scheduled w = scheduledWait;
        if (w != null) {
            w.cancel();
        }
        return cancelled;
    }

    /** Completes with the outcome of the latest attempt, or schedules (or runs) the next one. */
    private void settle(T result, Throwable failure) {
        T r = result;
        Throwable f = failure;
        while (!isDone()) {
            long delay = delayBeforeNextNanos(r, f);
            if (delay < 0) {
                if (f != null) {
                    try {
                        listener.gaveUp(attempts, f);
                    } finally {
                        completeExceptionally(f);
                    }
                } else {
                    complete(r);
                }
                return;
            }
            listener.retrying(attempts, Duration.ofNanos(delay), f);
            if (delay > 0) {
                TaskScheduler.Scheduled w = timer.schedule(this::handOff, Duration.ofNanos(delay));
                scheduledWait = w;
                if (isDone()) {
                    w.cancel(); // cancelled while the wait was being scheduled
                }
                return;
            }
            attempts++;
            r = null;
            f = null;
            try {
                r = attempt.run(attempts);
            } catch (Throwable t) {
                f = t;
            }
        }
    }

    /** On the timer: the wait is over; the next attempt runs on a worker. */
    private void handOff() {
        try {
            workers.execute(this::attemptNext);
        } catch (RejectedExecutionException e) {
            completeExceptionally(e); // the engine is shutting down: no worker will run it
        }
    }

    private void attemptNext() {
        if (isDone()) {
            return;
        }
        attempts++;
        T result = null;
        Throwable failure = null;
        try {
            result = attempt.run(attempts);
        } catch (Throwable t) {
            failure = t;
        }
        settle(result, failure);
    }

    /**
     * The wait before the next attempt after the latest outcome, or -1 if that outcome is final: it
     * does not deserve another attempt, or it was the last attempt allowed, or the max duration
     * has passed.
     */
    private long delayBeforeNextNanos(T result, Throwable failure) {
        if (!retryable.test(result, failure)) {
            return -1;
        }
        long delay = attempts == 1 ? retry.initialDelay().toNanos()
                : (long) Math.min(lastDelayNanos * retry.multiplier(), retry.maxDelay().toNanos());
        lastDelayNanos = delay;
        if (delay != 0 && retry.jitter() > 0) {
            double spread = (1 - ThreadLocalRandom.current().nextDouble() * 2) * retry.jitter();
            delay = (long) (delay * (1 + spread));
        }
        boolean outOfTime = false;
        if (!retry.maxDuration().isZero()) {
            long left = retry.maxDuration().toNanos() - (System.nanoTime() - firstStartNanos);
            outOfTime = left < 0;
            delay = Math.min(delay, Math.max(0, left));
        }
        return attempts >= retry.maxAttempts() || outOfTime ? -1 : delay;
    }
}
