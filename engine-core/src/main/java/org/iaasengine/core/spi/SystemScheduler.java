package org.iaasengine.core.spi;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's one {@link TaskScheduler} implementation: one named daemon timer thread. The
 * engine, the libvirt drivers, the host monitor and the process runner each use the scheduler they
 * are given, and create one of these only when they are given none; whoever creates it closes it.
 *
 * <p>The thread exists only while something is scheduled: it starts with the first task and ends
 * after {@link #IDLE} without any, so an idle owner holds no thread. {@link #close()} cancels what
 * is pending and waits (briefly: tasks only hand work on) for the thread to end.
 *
 * <pre>{@code
 * try (SystemScheduler timer = new SystemScheduler("iaas-my-timer")) {
 *     timer.schedule(() -> queue.add(tick), Duration.ofSeconds(1));
 * }
 * }</pre>
 */
public final class SystemScheduler implements TaskScheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);
    /** How long the timer thread outlives its last task. */
    public static final Duration IDLE = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final String threadName;
    private final ScheduledThreadPoolExecutor timer;
    private volatile Thread current;

    /** A scheduler whose thread is named {@code iaas-engine-timer}. */
    public SystemScheduler() {
        this("iaas-engine-timer");
    }

    /** A scheduler whose thread is named {@code threadName}. */
    public SystemScheduler(String threadName) {
        Preconditions.checkArgument(threadName != null && !threadName.isBlank(), "thread name must not be blank");
        this.threadName = threadName;
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            current = t;
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setKeepAliveTime(IDLE.toMillis(), TimeUnit.MILLISECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        ScheduledFuture<?> f = timer.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return timer.isShutdown();
    }

    /**
     * Cancels every pending task and stops the thread; waits up to 5 s for it to end (not when
     * called from a task on that thread). Later {@link #schedule} calls throw
     * {@link java.util.concurrent.RejectedExecutionException}.
     */
    @Override
    public void close() {
        for (Runnable pending : timer.shutdownNow()) {
            if (pending instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        if (Thread.currentThread() == current) {
            return;
        }
        try {
            if (!timer.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("timer thread {} still busy {} after close", threadName, CLOSE_WAIT);
                return;
            }
            // The pool is terminated when its worker leaves its loop; the thread ends just after.
            Thread t = current;
            if (t != null) {
                t.join(CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SystemScheduler[" + threadName + (timer.isShutdown() ? ", closed" : "") + "]";
    }
}
