package org.iaasengine.core.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import dev.failsafe.spi.Scheduler;
import org.iaasengine.core.spi.TaskScheduler;

/**
 * Adapts the engine's {@link TaskScheduler} and worker pool to Failsafe: an attempt due now runs at
 * once on the calling thread (no thread hop on the fast path); a delayed attempt is scheduled on
 * the timer and then handed to a worker, so no thread sleeps through a retry wait.
 */
final class FailsafeScheduler implements Scheduler {
    private final TaskScheduler timer;
    private final Executor workers;

    FailsafeScheduler(TaskScheduler timer, Executor workers) {
        this.timer = timer;
        this.workers = workers;
    }

    @Override
    public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
        Task<?> task = new Task<>(callable, unit.toNanos(delay));
        if (delay <= 0) {
            task.run();
        } else {
            task.timer = timer.schedule(() -> workers.execute(task), Duration.ofNanos(unit.toNanos(delay)));
        }
        return task;
    }

    private static final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private final long delayNanos;
        private volatile TaskScheduler.Scheduled timer;

        Task(Callable<V> callable, long delayNanos) {
            super(callable);
            this.delayNanos = delayNanos;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            TaskScheduler.Scheduled t = timer;
            if (t != null) {
                t.cancel();
            }
            return super.cancel(mayInterruptIfRunning);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), o.getDelay(TimeUnit.NANOSECONDS));
        }
    }
}
