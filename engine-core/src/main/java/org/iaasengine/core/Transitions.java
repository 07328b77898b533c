package org.iaasengine.core;

import java.time.Duration;
import java.time.Instant;
import org.iaasengine.core.spi.Journal;

/**
 * The one funnel of a run's state changes: every change of the action, of a step, a check or a
 * revert goes through one of these methods, and each writes the {@link Journal} first and tells the
 * listeners second (TaskFlow's {@code change_state}: storage, then notification). No other class
 * calls the journal or emits an event, so a listener never hears of a change that a journal could
 * have lost.
 *
 * <pre>
 * change                    journal                    event
 * action started            actionStarted(request)     ActionStarted
 * step attempt started      stepStarted(attempt)       CommandStarted
 * step attempt succeeded    stepSucceeded(result)      CommandSucceeded
 * step attempt late         stepSucceeded(result)      (CommandFailed follows, as a failure)
 * step attempt failed       -                          CommandFailed
 * retrying (step, check,    -                          Retrying
 *   revert)
 * reverting (per attempt)   -                          Reverting
 * reverted                  stepReverted(true)         Reverted
 * revert attempt failed     stepReverted(false) if     RevertFailed
 *                           it was the last attempt
 * revert abandoned          stepReverted(false)        - (its attempts were told)
 * action succeeded          actionFinished(true)       ActionSucceeded
 * revert begins             revertStarted              -
 * action failed             actionFinished(false)      ActionFailed
 * recovered run unsettled   actionPending(reason)      ActionFailed
 * progress (no change)      -                          Progress
 * </pre>
 *
 * <p>A verification check's attempts have no record and no event of their own, only
 * {@code Retrying} between them; its outcome shows in the action's. Events are built only when
 * the engine has listeners. Called on the run's thread, one change at a time, except
 * {@link #progress}, which any thread a command started may call.
 */
final class Transitions {
    private final EngineCore core;
    private final Journal journal;
    private final String id;
    private final String name;
    private final String key;

    /** The engine's scheduler, for commands that wait ({@code CommandContext.scheduler()}). */
    org.iaasengine.core.spi.TaskScheduler scheduler() {
        return core.scheduler;
    }

    Transitions(EngineCore core, String id, Action<?> action) {
        this.core = core;
        this.journal = core.journal;
        this.id = id;
        this.name = action.name();
        this.key = action.resourceKey();
    }

    String actionId() {
        return id;
    }

    String actionName() {
        return name;
    }

    String resourceKey() {
        return key;
    }

    // ---------------------------------------------------------------- the action

    void actionStarted(Object request) {
        journal.actionStarted(id, name, key, request);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.ActionStarted(id, name, key, Instant.now()));
        }
    }

    void actionSucceeded(long tookNanos, Object result) {
        journal.actionFinished(id, true, result);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.ActionSucceeded(id, name, key, Instant.now(), Duration.ofNanos(tookNanos)));
        }
    }

    /** The run failed at {@code step} for {@code category}; its revert begins. */
    void revertStarted(String step, FailureCategory category) {
        afterFailure(() -> journal.revertStarted(id, step, category.name()), "the start of its revert");
    }

    /**
     * Writes a record of the failure path. A journal that cannot write it (its disk is full, its
     * database gone) must not keep the run from reverting and its caller from hearing the outcome:
     * the error is logged, and a later recovery finds the run unfinished and settles it again
     * (reverts are idempotent).
     */
    private void afterFailure(Runnable write, String what) {
        try {
            write.run();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Transitions.class).error(
                    "action {} ({}): the journal could not record {}; going on", name, id, what, e);
        }
    }

    /**
     * A recovered run could not be settled: the journal keeps it unfinished, for a later recovery;
     * listeners hear of the failure as it stands.
     */
    void actionPending(long tookNanos, ActionFailedException failure, String reason) {
        afterFailure(() -> journal.actionPending(id, reason), "that it is pending");
        emitFailed(tookNanos, failure);
    }

    void actionFailed(long tookNanos, ActionFailedException failure) {
        afterFailure(() -> journal.actionFinished(id, false, failure), "its failure");
        emitFailed(tookNanos, failure);
    }

    private void emitFailed(long tookNanos, ActionFailedException failure) {
        if (core.hasListeners()) {
            core.emit(new EngineEvent.ActionFailed(id, name, key, Instant.now(), Duration.ofNanos(tookNanos),
                    failure.failedStep(), failure.category(), String.valueOf(failure.getMessage()),
                    failure.fullyReverted()));
        }
    }

    // ---------------------------------------------------------------- steps

    /** Attempt {@code attempt} of step {@code index} is about to call its command. */
    void stepStarted(int index, String step, int attempt, boolean effects) {
        journal.stepStarted(id, index, step, attempt, effects);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.CommandStarted(id, name, key, Instant.now(), step, attempt));
        }
    }

    void stepSucceeded(int index, String step, int attempt, Object result, long tookNanos) {
        journal.stepSucceeded(id, index, step, result);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.CommandSucceeded(id, name, key, Instant.now(), step, attempt,
                    Duration.ofNanos(tookNanos)));
        }
    }

    /**
     * The attempt returned {@code result} after its timeout: the result is journaled (it will be
     * reverted), and the attempt is then reported as failed by {@link #stepFailed}.
     */
    void stepSucceededTooLate(int index, String step, Object result) {
        journal.stepSucceeded(id, index, step, result);
    }

    void stepFailed(String step, int attempt, long tookNanos, Throwable failure) {
        if (core.hasListeners()) {
            core.emit(new EngineEvent.CommandFailed(id, name, key, Instant.now(), step, attempt,
                    Duration.ofNanos(tookNanos), FailureCategory.of(failure), String.valueOf(failure.getMessage())));
        }
    }

    /**
     * Attempt {@code failedAttempt} of a step, check or revert ended with {@code failure} (null: a
     * check that did not hold) and the next follows after {@code delay}.
     */
    void retrying(String step, int failedAttempt, Duration delay, Throwable failure) {
        if (core.hasListeners()) {
            core.emit(new EngineEvent.Retrying(id, name, key, Instant.now(), step, failedAttempt, delay,
                    failure == null ? FailureCategory.INTERNAL : FailureCategory.of(failure)));
        }
    }

    // ---------------------------------------------------------------- reverts

    /** An attempt of step {@code index}'s revert is about to call the command's revert. */
    void reverting(String step) {
        if (core.hasListeners()) {
            core.emit(new EngineEvent.Reverting(id, name, key, Instant.now(), step));
        }
    }

    void reverted(int index, String step, long tookNanos) {
        afterFailure(() -> journal.stepReverted(id, index, step, true), "the revert of " + step);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.Reverted(id, name, key, Instant.now(), step, Duration.ofNanos(tookNanos)));
        }
    }

    /**
     * An attempt of step {@code index}'s revert failed; when it was the {@code last} (no retry
     * follows), the revert failed for good and the journal records it.
     */
    void revertFailed(int index, String step, long tookNanos, Throwable failure, boolean last) {
        if (last) {
            afterFailure(() -> journal.stepReverted(id, index, step, false), "the failed revert of " + step);
        }
        if (core.hasListeners()) {
            core.emit(new EngineEvent.RevertFailed(id, name, key, Instant.now(), step, Duration.ofNanos(tookNanos),
                    FailureCategory.of(failure), String.valueOf(failure.getMessage())));
        }
    }

    /**
     * Step {@code index}'s revert could not go on (no worker would take its next attempt: the
     * engine is shutting down) after its failed attempts were reported: the journal records the
     * revert as failed; listeners heard of every attempt already.
     */
    void revertAbandoned(int index, String step) {
        afterFailure(() -> journal.stepReverted(id, index, step, false), "the failed revert of " + step);
    }

    // ---------------------------------------------------------------- not a change

    /** A command of step {@code step} reported progress; from any thread. */
    void progress(String step, double fraction, String message) {
        if (core.hasListeners()) {
            core.emit(new EngineEvent.Progress(id, name, key, Instant.now(), step, fraction, message));
        }
    }
}
