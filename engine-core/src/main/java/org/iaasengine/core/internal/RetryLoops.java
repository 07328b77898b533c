package org.iaasengine.core.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiPredicate;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.TaskScheduler;

/**
 * The door through which {@link Poll} reaches the engine's {@link RetryLoop}, which stays
 * package-private: the same loop (waits, jitter, max attempts, max duration, cancellation) runs a
 * step's retries, a command's polls and the library's reconnects. Not part of the public API.
 */
public final class RetryLoops {
    private RetryLoops() {
    }

    /**
     * A loop that takes over after a first attempt that started at {@code firstStartNanos} and
     * ended with {@code firstResult} or {@code firstFailure}: see {@link RetryLoop}. Waits are
     * scheduled on {@code timer}; the attempts after them run on {@code workers}.
     */
    public static <T> CompletableFuture<T> after(Retry retry, long firstStartNanos, T firstResult,
            Throwable firstFailure, Callable<T> attempt, BiPredicate<? super T, ? super Throwable> again,
            Poll.Listener listener, TaskScheduler timer, Executor workers) {
        RetryLoop.Listener l = listener == null ? (n, d, f) -> { } : listener::retrying;
        return new RetryLoop<T>(retry, firstStartNanos, n -> attempt.call(), again::test, l, timer, workers)
                .after(firstResult, firstFailure);
    }
}
