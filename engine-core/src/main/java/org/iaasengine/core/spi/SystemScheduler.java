package org.iaasengine.core.spi;

import com.google.common.base.Preconditions;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's one {@link TaskScheduler} implementation: one named daemon timer thread. The
 * engine, the libvirt drivers, the host monitor and the process runner each use the scheduler they
 * are given, and create one of these only when they are given none; whoever creates it closes it.
 *
 * <p>The tasks wait in a queue of this scheduler, ordered by when they are due, and the timer
 * thread is woken by one wake-up task due at the earliest of them (or sooner: see below). A task
 * due no earlier than the wake-up already set does not touch the thread, and a cancelled task just
 * leaves the queue. So the usual pattern of a deadline set when work starts and cancelled when it
 * ends, as the engine does for every action, costs no wake-up of the timer thread, which on a
 * loaded machine is the dearest part of scheduling.
 *
 * <p>The thread exists only while something is scheduled: it starts with the first task and ends
 * within {@link #IDLE} of the last task having run or been cancelled (the wake-up is never set
 * further than half of it ahead, and the thread outlives its last wake-up by the other half), so an
 * idle owner holds no thread. {@link #close()} cancels what is pending and waits (briefly: tasks
 * only hand work on) for the thread to end.
 *
 * <pre>{@code
 * try (SystemScheduler timer = new SystemScheduler("iaas-my-timer")) {
 *     timer.schedule(() -> queue.add(tick), Duration.ofSeconds(1));
 * }
 * }</pre>
 */
public final class SystemScheduler implements TaskScheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemScheduler.class);
    /** How long, at most, the timer thread outlives its last task. */
    public static final Duration IDLE = Duration.ofSeconds(10);
    private static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 2; // keeps due times comparable by difference
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final AtomicIntegerFieldUpdater<Task> STATE = AtomicIntegerFieldUpdater.newUpdater(Task.class, "state");

    private final String threadName;
    private final long horizonNanos;
    private final ScheduledThreadPoolExecutor timer;
    private volatile Thread current;
    private volatile boolean closed;

    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentSkipListSet<Task> queue = new ConcurrentSkipListSet<>(SystemScheduler::byDue);

    private final Object wakeLock = new Object();
    // The wake-up set, or null; changed under wakeLock, read without it to skip the lock when it is early enough.
    private volatile Wake wake;
    private long wakeUpsSet; // guarded by wakeLock

    /** A scheduler whose thread is named {@code iaas-engine-timer}. */
    public SystemScheduler() {
        this("iaas-engine-timer");
    }

    /** A scheduler whose thread is named {@code threadName}. */
    public SystemScheduler(String threadName) {
        this(threadName, IDLE);
    }

    /** A scheduler whose thread outlives its last task by at most {@code idle} (tests shorten it). */
    SystemScheduler(String threadName, Duration idle) {
        Preconditions.checkArgument(threadName != null && !threadName.isBlank(), "thread name must not be blank");
        this.threadName = threadName;
        this.horizonNanos = idle.toNanos() / 2;
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            current = t;
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setKeepAliveTime(idle.toNanos() - horizonNanos, TimeUnit.NANOSECONDS);
        timer.allowCoreThreadTimeOut(true);
    }

    @Override
    public Scheduled schedule(Runnable task, Duration delay) {
        long delayNanos = Math.min(Math.max(0, delay.toNanos()), MAX_DELAY_NANOS);
        if (closed) {
            throw rejected();
        }
        Task t = new Task(System.nanoTime() + delayNanos, seq.incrementAndGet(), task);
        queue.add(t);
        try {
            wakeBy(t.due);
        } catch (RejectedExecutionException e) {
            queue.remove(t);
            throw e;
        }
        if (closed && t.cancel()) { // closed meanwhile, and close did not see it
            throw rejected();
        }
        return t;
    }

    private RejectedExecutionException rejected() {
        return new RejectedExecutionException(this + " is closed");
    }

    /** Makes sure the timer thread wakes no later than {@code due}, and no later than the horizon. */
    private void wakeBy(long due) {
        Wake w = wake;
        if (w != null && due - w.at >= 0) {
            return; // the usual case: an early enough wake-up is set
        }
        synchronized (wakeLock) {
            w = wake;
            if (w != null && due - w.at >= 0) {
                return;
            }
            if (w != null) {
                w.future.cancel(false);
            }
            long now = System.nanoTime();
            Wake next = new Wake(due - now > horizonNanos ? now + horizonNanos : due);
            next.future = timer.schedule(() -> onWake(next), Math.max(0, next.at - now), TimeUnit.NANOSECONDS);
            wake = next;
            wakeUpsSet++;
        }
    }

    /** On the timer thread: runs the tasks that are due, then sets the wake-up for the next one. */
    private void onWake(Wake w) {
        synchronized (wakeLock) {
            if (wake == w) {
                wake = null;
            }
        }
        Task first;
        while (!closed && (first = first()) != null) {
            if (first.due - System.nanoTime() > 0) {
                try {
                    wakeBy(first.due);
                } catch (RejectedExecutionException e) {
                    LOG.debug("timer {} closed while setting its next wake-up", threadName);
                }
                return;
            }
            if (queue.remove(first)) {
                first.run();
                Thread.interrupted(); // as between the executor's own tasks: an interrupt a task set stays with it
            }
        }
        // Nothing left: no wake-up is set, and the thread ends once it has been idle long enough.
    }

    private Task first() {
        try {
            return queue.first();
        } catch (NoSuchElementException empty) {
            return null;
        }
    }

    /** Due times are {@link System#nanoTime()} values: compared by their difference; equal ones in order of scheduling. */
    private static int byDue(Task a, Task b) {
        long d = a.due - b.due;
        return d < 0 ? -1 : d > 0 ? 1 : Long.compare(a.seq, b.seq);
    }

    /** How many wake-ups of the timer thread were set so far (for tests). */
    long wakeUpsSet() {
        synchronized (wakeLock) {
            return wakeUpsSet;
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels every pending task and stops the thread; waits up to 5 s for it to end (not when
     * called from a task on that thread). Later {@link #schedule} calls throw
     * {@link RejectedExecutionException}.
     */
    @Override
    public void close() {
        closed = true;
        for (Runnable pending : timer.shutdownNow()) {
            if (pending instanceof Future<?> f) {
                f.cancel(false);
            }
        }
        Task left;
        while ((left = queue.pollFirst()) != null) {
            left.cancel();
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
            Thread timerThread = current;
            if (timerThread != null) {
                timerThread.join(CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SystemScheduler[" + threadName + (closed ? ", closed" : "") + "]";
    }

    /** A wake-up of the timer thread, due at {@code at} ({@link System#nanoTime()}). */
    private static final class Wake {
        final long at;
        ScheduledFuture<?> future; // set under wakeLock right after it is made

        Wake(long at) {
            this.at = at;
        }
    }

    /** A task in the queue: due at {@code due} ({@link System#nanoTime()}), in order of scheduling among equals. */
    private final class Task implements Scheduled {
        private static final int PENDING = 0;
        private static final int RAN = 1;
        private static final int CANCELLED = 2;

        final long due;
        final long seq;
        private final Runnable body;
        volatile int state; // PENDING at first

        Task(long due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        void run() {
            if (!STATE.compareAndSet(this, PENDING, RAN)) {
                return;
            }
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                LOG.warn("a task on timer {} failed", threadName, e);
            }
        }

        @Override
        public boolean cancel() {
            if (!STATE.compareAndSet(this, PENDING, CANCELLED)) {
                return false;
            }
            queue.remove(this);
            return true;
        }
    }
}
