package org.iaasengine.core.exec;

import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadlines of one runner's processes, on a single task of the scheduler: the task is due at
 * the earliest deadline, fires the watchdogs whose deadline has passed, and schedules itself for
 * the next. A process that ends removes its deadline; the task is left as it is (it finds nothing
 * due and moves on), so a stream of short calls with the same timeout touches the scheduler about
 * once per timeout rather than twice per call: the timer thread is not woken for every process,
 * which on a loaded machine is worth a quarter of a millisecond a call.
 */
final class Watchdogs {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdogs.class);

    /** One deadline ({@link System#nanoTime()}) and what to do when it passes. */
    record Deadline(long atNanos, long seq, Runnable fire) {
    }

    private final TaskScheduler scheduler;
    private final AtomicLong seq = new AtomicLong();
    private final ConcurrentSkipListSet<Deadline> pending = new ConcurrentSkipListSet<>(
            Comparator.comparingLong(Deadline::atNanos).thenComparingLong(Deadline::seq));
    private final Object lock = new Object();
    /** Guarded by lock: the scheduled task and when it is due. */
    private TaskScheduler.Scheduled task;
    private long taskAt = Long.MAX_VALUE;

    Watchdogs(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * Runs {@code fire} on the scheduler's thread once {@code timeout} has passed, unless
     * {@link #cancel} comes first. Throws {@link java.util.concurrent.RejectedExecutionException}
     * when the scheduler is closed.
     */
    Deadline watch(Duration timeout, Runnable fire) {
        Deadline d = new Deadline(System.nanoTime() + timeout.toNanos(), seq.incrementAndGet(), fire);
        pending.add(d);
        try {
            dueBy(d.atNanos());
        } catch (RuntimeException e) {
            pending.remove(d);
            throw e;
        }
        return d;
    }

    /** The process ended: its deadline no longer matters. */
    void cancel(Deadline d) {
        pending.remove(d);
    }

    /** Forgets every deadline and cancels the task. */
    void clear() {
        pending.clear();
        synchronized (lock) {
            if (task != null) {
                task.cancel();
            }
            task = null;
            taskAt = Long.MAX_VALUE;
        }
    }

    /** Makes sure the task is due no later than {@code atNanos}. */
    private void dueBy(long atNanos) {
        synchronized (lock) {
            if (atNanos >= taskAt) {
                return;
            }
            if (task != null) {
                task.cancel();
            }
            task = scheduler.schedule(this::onTask, Duration.ofNanos(Math.max(0, atNanos - System.nanoTime())));
            taskAt = atNanos;
        }
    }

    /** On the scheduler: fires what is due, then waits for the next deadline. */
    private void onTask() {
        synchronized (lock) {
            task = null;
            taskAt = Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        Deadline d;
        while ((d = pending.pollFirst()) != null) {
            if (d.atNanos() > now) {
                pending.add(d);
                try {
                    dueBy(d.atNanos());
                } catch (RuntimeException e) {
                    LOG.debug("watchdogs not rescheduled: {}", e.toString());
                }
                return;
            }
            try {
                d.fire().run();
            } catch (RuntimeException e) {
                LOG.warn("a watchdog failed", e);
            }
        }
    }
}
