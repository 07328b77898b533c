package org.iaasengine.powervm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.iaasengine.core.spi.TaskScheduler;

/** A scheduler whose clock only moves when a test says so; it records every delay asked for. */
public final class ManualScheduler implements TaskScheduler {
    private record Task(long due, long seq, Runnable run, boolean[] cancelled) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong(Task::due).thenComparingLong(Task::seq));
    private final List<Duration> delays = new ArrayList<>();
    private long now;
    private long seq;

    @Override
    public synchronized Scheduled schedule(Runnable task, Duration delay) {
        delays.add(delay);
        boolean[] cancelled = new boolean[1];
        queue.add(new Task(now + delay.toNanos(), seq++, task, cancelled));
        notifyAll();
        return () -> {
            synchronized (ManualScheduler.this) {
                boolean was = !cancelled[0];
                cancelled[0] = true;
                ManualScheduler.this.notifyAll();
                return was;
            }
        };
    }

    /** Moves the clock forward and runs the tasks that fall due, in order. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            Task t;
            synchronized (this) {
                t = queue.peek();
                if (t == null || t.due() > target) {
                    now = target;
                    return;
                }
                queue.poll();
                now = t.due();
                if (t.cancelled()[0]) {
                    continue;
                }
            }
            t.run().run();
        }
    }

    /** Every delay that was scheduled, in order. */
    public synchronized List<Duration> delays() {
        return List.copyOf(delays);
    }

    /**
     * Waits (for another thread to schedule) until at least {@code n} tasks are pending; false if
     * that did not happen within {@code patience} of real time. Woken by each schedule, not by a tick.
     */
    public synchronized boolean awaitPending(int n, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (pending() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * Waits until {@code n} waits of {@code delay} have been scheduled in all; false if that did
     * not happen within {@code patience} of real time.
     */
    public synchronized boolean awaitDelays(Duration delay, int n, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (delays.stream().filter(delay::equals).count() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The number of tasks waiting and not cancelled. */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled()[0]).count();
    }
}
