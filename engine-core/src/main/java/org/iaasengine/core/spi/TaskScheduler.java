package org.iaasengine.core.spi;

import java.time.Duration;

/**
 * Runs a task after a delay: retry waits, deadlines and per-command timeouts. The engine never
 * sleeps on a worker thread; it schedules. Tests inject a manual implementation to control time.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().scheduler(myScheduler).build();
 * }</pre>
 */
public interface TaskScheduler {

    /** A scheduled task that may still be cancelled. */
    interface Scheduled {
        /** Cancels the task if it has not run; true if it was cancelled. */
        boolean cancel();
    }

    /** Runs {@code task} after {@code delay}. The task must be short: it only hands work on. */
    Scheduled schedule(Runnable task, Duration delay);
}
