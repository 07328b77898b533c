package org.iaasengine.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.iaasengine.core.spi.TaskScheduler;

/**
 * The control of one run: where it is in its life (queued, running, done), whether it was stopped
 * (cancel or deadline) and why, its deadline, and the reach into what it is doing right now: the
 * thread of the running attempt, to interrupt it, and the pending retry wait, to cancel it.
 *
 * <p>{@link #stop} may be called from any thread (the caller's cancel, the timer's deadline);
 * everything else by the thread that drives the run. Its monitor (never handed out, so nothing
 * else locks it) guards the hand-over between the two: a stop never interrupts a thread that has
 * left the attempt it was meant for, and an attempt that starts after a stop is interrupted at
 * once.
 */
final class RunControl {
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final Action<?> action;
    private final Duration timeout;
    // A field and an updater rather than an AtomicInteger and a lock object: one run, one object less each.
    private static final AtomicIntegerFieldUpdater<RunControl> STATE =
            AtomicIntegerFieldUpdater.newUpdater(RunControl.class, "state");
    private volatile int state; // QUEUED (0) at first

    private Thread runner; // the thread of the running attempt, if any
    private CompletableFuture<?> pendingWait;
    private boolean finishing;
    private volatile FailureCategory stopReason;
    private volatile boolean attemptTimedOut;

    private TaskScheduler.Scheduled deadlineTask;
    // Set once when the run starts, before any command runs; read by commands on threads the run
    // (or a command) started after that.
    private long deadlineNanos = Long.MAX_VALUE;

    /** The control of a run of {@code action} whose deadline is {@code timeout} after it starts (null: none). */
    RunControl(Action<?> action, Duration timeout) {
        this.action = action;
        this.timeout = timeout;
    }

    // ---------------------------------------------------------------- life

    /** Queued to running; false if the run was stopped while queued. */
    boolean start() {
        return STATE.compareAndSet(this, QUEUED, RUNNING);
    }

    /** Queued to done, for a run stopped or rejected before it started; false if it had started. */
    boolean dropQueued() {
        return STATE.compareAndSet(this, QUEUED, DONE);
    }

    boolean hasStarted() {
        return state != QUEUED;
    }

    /**
     * The run is about to report its outcome: no stop takes effect any more. False if it was
     * already finishing (a second outcome, which the caller must not report).
     */
    boolean beginFinishing() {
        synchronized (this) {
            if (finishing) {
                return false;
            }
            finishing = true;
            return true;
        }
    }

    void done() {
        state = DONE;
    }

    // ---------------------------------------------------------------- deadline

    /** Starts the deadline clock of a run that has a timeout; {@code onExpiry} runs on the timer. */
    void armDeadline(long startNanos, TaskScheduler timer, Runnable onExpiry) {
        if (timeout != null) {
            deadlineNanos = startNanos + timeout.toNanos();
            deadlineTask = timer.schedule(onExpiry, timeout);
        }
    }

    void cancelDeadline() {
        if (deadlineTask != null) {
            deadlineTask.cancel();
        }
    }

    /** When the run's deadline passes ({@link System#nanoTime()}), or {@code Long.MAX_VALUE}. */
    long deadlineNanos() {
        return deadlineNanos;
    }

    // ---------------------------------------------------------------- stop

    /**
     * Stops a running run for {@code reason} (CANCELLED or TIMEOUT): interrupts its running
     * attempt and cancels its pending wait. False if it was already stopped, finishing or done.
     */
    boolean stop(FailureCategory reason) {
        CompletableFuture<?> wait;
        synchronized (this) {
            if (finishing || stopReason != null || state == DONE) {
                return false;
            }
            stopReason = reason;
            if (runner != null) {
                runner.interrupt();
            }
            wait = pendingWait;
        }
        if (wait != null) {
            wait.cancel(false);
        }
        return true;
    }

    boolean isStopped() {
        return stopReason != null;
    }

    /** Why the run was stopped, or null. */
    FailureCategory stopReason() {
        return stopReason;
    }

    /** The failure that a stop means for the work it ended, with {@code cause} (may be null). */
    CommandException stopCause(Throwable cause) {
        FailureCategory reason = stopReason == null ? FailureCategory.CANCELLED : stopReason;
        String what = reason == FailureCategory.TIMEOUT ? "passed its deadline of " + timeout : "was cancelled";
        return new CommandException(reason,
                "action " + action.name() + " on " + action.resourceKey() + " " + what, cause);
    }

    /** Throws the stop's failure if the run was stopped. */
    void throwIfStopped() {
        if (stopReason != null) {
            throw stopCause(null);
        }
    }

    // ---------------------------------------------------------------- the running attempt

    /** The current thread starts an attempt: a stop now interrupts it (at once, if already stopped). */
    void enterAttempt() {
        attemptTimedOut = false;
        synchronized (this) {
            runner = Thread.currentThread();
            if (stopReason != null) {
                runner.interrupt();
            }
        }
    }

    /** The attempt ended: an interrupt meant for it must not leak to what the thread does next. */
    void leaveAttempt() {
        synchronized (this) {
            runner = null;
        }
        Thread.interrupted();
    }

    /** On the timer: the attempt running on {@code target} passed its timeout; interrupts it. */
    void timeOutAttempt(Thread target) {
        synchronized (this) {
            if (runner == target) {
                attemptTimedOut = true;
                target.interrupt();
            }
        }
    }

    /** True when the latest attempt was interrupted by its own timeout. */
    boolean attemptTimedOut() {
        return attemptTimedOut;
    }

    /**
     * Makes {@code f}, a retry loop still waiting, the run's pending wait, which a stop cancels
     * (at once, if already stopped). Returns {@code f}.
     */
    <T> CompletableFuture<T> awaiting(CompletableFuture<T> f) {
        if (!f.isDone()) {
            boolean stopNow;
            synchronized (this) {
                pendingWait = f;
                stopNow = stopReason != null;
            }
            if (stopNow) {
                f.cancel(false);
            }
            f.whenComplete((v, e) -> {
                synchronized (this) {
                    if (pendingWait == f) {
                        pendingWait = null;
                    }
                }
            });
        }
        return f;
    }
}
