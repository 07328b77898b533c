package org.iaasengine.powervm.rest;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.iaasengine.core.spi.TaskScheduler;

/**
 * How to wait for one job: a deadline, a cancellation signal, a progress sink and the scheduler that
 * times the status polls. When the deadline passes or the signal is raised, the client asks the
 * server to cancel the job and fails with TIMEOUT or CANCELLED.
 *
 * <pre>{@code
 * JobOptions opts = new JobOptions(Duration.ofMinutes(5), ctx::isCancelled, f -> ctx.progress(f, "migrating"),
 *         ctx.scheduler());
 * }</pre>
 *
 * @param timeout   the longest wait for the job to finish
 * @param cancelled polled between status reads; true cancels the job
 * @param progress  receives the job's linear progress (0 to 1) when it reports one
 * @param scheduler times the waits between status reads (null: the client's scheduler)
 */
public record JobOptions(Duration timeout, BooleanSupplier cancelled, DoubleConsumer progress,
        TaskScheduler scheduler) {
    public JobOptions {
        Objects.requireNonNull(timeout, "timeout");
        cancelled = cancelled == null ? () -> false : cancelled;
        progress = progress == null ? f -> { } : progress;
    }

    /** Options polled on the client's scheduler. */
    public JobOptions(Duration timeout, BooleanSupplier cancelled, DoubleConsumer progress) {
        this(timeout, cancelled, progress, null);
    }

    /** Waits at most {@code timeout}, never cancelled, progress ignored. */
    public static JobOptions timeout(Duration timeout) {
        return new JobOptions(timeout, null, null, null);
    }
}
