package org.iaasengine.core;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the attempts of one run's units of work: a step's command, the verification's check, a
 * step's revert. The first attempt runs directly on the calling thread, whatever the retry
 * policy; only an outcome that deserves another attempt hands the rest to a {@link RetryLoop},
 * whose waits the engine's timer schedules (no thread sleeps) and whose attempts a worker runs.
 *
 * <p>Each attempt gets its own {@link AttemptContext}, and tells the {@link Transitions funnel}
 * when it starts and how it ended. A command's attempt is registered with the {@link RunControl},
 * so that a stop interrupts it, and has its own timeout when its step has one. Steps and checks
 * stop retrying once the run is stopped; reverts go on regardless. A revert's failed attempt is
 * reported once the loop has decided whether another follows, so that the funnel can journal the
 * last one as the revert's failure before its listeners hear of it.
 *
 * <p>Each method returns the future of the unit's final outcome, already complete when the first
 * attempt decided it. One unit runs at a time, on one thread at a time.
 */
final class AttemptRunner {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRunner.class);

    // The outcomes of units whose first attempt succeeded: shared, complete, never given out of the engine.
    private static final CompletableFuture<Object> SUCCEEDED = CompletableFuture.completedFuture(null);
    private static final CompletableFuture<Boolean> HELD = CompletableFuture.completedFuture(Boolean.TRUE);

    private final Action<?> action;
    private final Transitions transitions;
    private final RunControl control;
    private final StepResults results;
    private final TaskScheduler timer;
    private final Executor workers;

    // When the latest attempt started (a retry's max duration counts from its first attempt's start)
    // and how long it took (for the report of a revert's failure, told after the attempt returned).
    private long attemptStartNanos;
    private long attemptNanos;

    AttemptRunner(EngineCore core, Action<?> action, Transitions transitions, RunControl control,
            StepResults results) {
        this.action = action;
        this.transitions = transitions;
        this.control = control;
        this.results = results;
        this.timer = core.scheduler;
        this.workers = core.workers;
    }

    // ---------------------------------------------------------------- steps

    /**
     * Runs step {@code index} until it succeeds (its result recorded in the results store) or
     * fails for good, per the step's retry policy or else the action's.
     */
    CompletableFuture<?> step(int index, Step<?> step) {
        try {
            stepAttempt(index, step, 1);
            return SUCCEEDED;
        } catch (Throwable failure) {
            Retry retry = step.retry().orElse(action.retry());
            String name = step.name();
            RetryLoop<Object> loop = new RetryLoop<>(retry, attemptStartNanos, n -> stepAttempt(index, step, n),
                    (r, t) -> !control.isStopped() && retryable(retry, t),
                    (n, delay, t) -> transitions.retrying(name, n, delay, t), timer, workers);
            return control.awaiting(loop.after(null, failure));
        }
    }

    /** Whether the command says it can change anything outside this process; a command that throws here can. */
    private static boolean effects(Command<?> command) {
        try {
            return command.effects();
        } catch (RuntimeException e) {
            return true;
        }
    }

    /** One attempt of a step's command on the current thread. */
    private Object stepAttempt(int index, Step<?> step, int attemptNo) throws Throwable {
        control.throwIfStopped();
        @SuppressWarnings("unchecked")
        Command<Object> command = (Command<Object>) step.command();
        String name = step.name();
        transitions.stepStarted(index, name, attemptNo, effects(command));
        long t0 = System.nanoTime();
        attemptStartNanos = t0;
        Duration timeout = step.timeout().orElse(null);
        AttemptContext ctx = new AttemptContext(transitions, control, results, name, attemptNo,
                timeout == null ? Long.MAX_VALUE : t0 + timeout.toNanos());
        Object value = null;
        Throwable error = null;
        control.enterAttempt();
        TaskScheduler.Scheduled timeoutTask = null;
        try {
            if (timeout != null) {
                Thread me = Thread.currentThread();
                timeoutTask = timer.schedule(() -> control.timeOutAttempt(me), timeout);
            }
            value = command.execute(ctx);
        } catch (Throwable t) {
            error = t;
        } finally {
            if (timeoutTask != null) {
                timeoutTask.cancel();
            }
            control.leaveAttempt();
        }
        long took = System.nanoTime() - t0;
        boolean timedOut = control.attemptTimedOut();
        if (error == null) {
            results.record(index, value);
            if (!timedOut) {
                transitions.stepSucceeded(index, name, attemptNo, value, took);
                return value;
            }
            // It finished after its deadline: keep it for revert, but the attempt failed.
            transitions.stepSucceededTooLate(index, name, value);
            error = new CommandException(FailureCategory.TIMEOUT, "step " + name + " of action " + action.name()
                    + " finished after its timeout " + timeout);
        } else if (timedOut && !control.isStopped()) {
            error = new CommandException(FailureCategory.TIMEOUT, "step " + name + " of action " + action.name()
                    + " timed out after " + timeout, error);
        } else if (control.isStopped()) {
            error = control.stopCause(error);
        }
        transitions.stepFailed(name, attemptNo, took, error);
        throw error;
    }

    // ---------------------------------------------------------------- the verification's check

    /**
     * Checks {@code verification} until it holds (true), does not hold after its last attempt
     * (false), or fails for good.
     */
    CompletableFuture<Boolean> check(Verification verification) {
        Boolean holds = null;
        Throwable failure = null;
        try {
            holds = checkAttempt(verification, 1);
        } catch (Throwable t) {
            failure = t;
        }
        if (Boolean.TRUE.equals(holds)) {
            return HELD;
        }
        Retry retry = verification.retry();
        String name = "verify:" + verification.name();
        RetryLoop<Boolean> loop = new RetryLoop<>(retry, attemptStartNanos, n -> checkAttempt(verification, n),
                (ok, t) -> !control.isStopped() && (t != null ? retryable(retry, t) : !ok),
                (n, delay, t) -> transitions.retrying(name, n, delay, t), timer, workers);
        return control.awaiting(loop.after(holds, failure));
    }

    private boolean checkAttempt(Verification verification, int attemptNo) throws Exception {
        control.throwIfStopped();
        attemptStartNanos = System.nanoTime();
        return verification.check().holds(new AttemptContext(transitions, control, results,
                "verify:" + verification.name(), attemptNo, Long.MAX_VALUE));
    }

    // ---------------------------------------------------------------- reverts

    /**
     * Reverts {@code execution} of {@code step} until it is undone or its revert fails for good,
     * per the action's revert retry policy; a stop of the run does not end it. The journal has
     * recorded the outcome when the future completes.
     */
    CompletableFuture<?> revert(StepResults.Execution execution, Step<?> step) {
        @SuppressWarnings("unchecked")
        Command<Object> command = (Command<Object>) step.command();
        return revert(execution.index(), step.name(), ctx -> command.revert(ctx, execution.value()));
    }

    /**
     * Undoes what the failed attempt of step {@code index} may have done ({@link Command#revertFailed}),
     * with the same retry, events and journal records as a revert.
     */
    CompletableFuture<?> revertFailed(int index, Step<?> step, Throwable failure) {
        Command<?> command = step.command();
        return revert(index, step.name(), ctx -> command.revertFailed(ctx, failure));
    }

    /** The body of one revert attempt. */
    @FunctionalInterface
    private interface RevertBody {
        void run(AttemptContext ctx) throws Exception;
    }

    private CompletableFuture<?> revert(int index, String name, RevertBody body) {
        try {
            revertAttempt(body, name, 1);
        } catch (Throwable failure) {
            Retry retry = action.revertRetry();
            RevertReport report = new RevertReport(index, name);
            RetryLoop<Object> loop = new RetryLoop<>(retry, attemptStartNanos, n -> {
                revertAttempt(body, name, n);
                return null;
            }, (r, t) -> retryable(retry, t), report, timer, workers);
            return loop.after(null, failure).whenComplete(report);
        }
        transitions.reverted(index, name, attemptNanos);
        return SUCCEEDED;
    }

    /** One attempt of a revert; its success or failure is reported by the caller. */
    private void revertAttempt(RevertBody body, String name, int attemptNo) throws Exception {
        transitions.reverting(name);
        long t0 = System.nanoTime();
        attemptStartNanos = t0;
        try {
            body.run(new AttemptContext(transitions, control, results, name, attemptNo, Long.MAX_VALUE));
        } catch (Exception | Error t) {
            LOG.warn("action {} ({}): revert of {} failed", action.name(), transitions.actionId(), name, t);
            throw t;
        } finally {
            attemptNanos = System.nanoTime() - t0;
        }
    }

    /**
     * Reports the attempts of a revert that did not succeed at once: each failed one when the loop
     * has decided its fate, and the final outcome.
     */
    private final class RevertReport implements RetryLoop.Listener, BiConsumer<Object, Throwable> {
        private final int index;
        private final String step;
        private boolean gaveUp;

        RevertReport(int index, String step) {
            this.index = index;
            this.step = step;
        }

        @Override
        public void retrying(int failedAttempt, Duration delay, Throwable failure) {
            transitions.revertFailed(index, step, attemptNanos, failure, false);
            transitions.retrying(step, failedAttempt, delay, failure);
        }

        @Override
        public void gaveUp(int lastAttempt, Throwable failure) {
            gaveUp = true;
            transitions.revertFailed(index, step, attemptNanos, failure, true);
        }

        /** The loop's outcome. */
        @Override
        public void accept(Object ignored, Throwable failure) {
            if (failure == null) {
                transitions.reverted(index, step, attemptNanos);
            } else if (!gaveUp) {
                transitions.revertAbandoned(index, step);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Whether {@code failure} (null: none) is of a category that {@code retry} tries again. */
    private static boolean retryable(Retry retry, Throwable failure) {
        return failure != null && !(failure instanceof CancellationException)
                && retry.isRetryable(FailureCategory.of(failure));
    }
}
