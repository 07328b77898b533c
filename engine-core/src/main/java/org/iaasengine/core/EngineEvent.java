package org.iaasengine.core;

import java.time.Duration;
import java.time.Instant;

/**
 * What the engine tells its listeners. Every event carries the action run's id (a correlation id),
 * the action's name and resource key, and when it happened; the events that end something carry
 * its duration. Events are plain records of strings, numbers and enums, so they serialize as they
 * are (for a journal or a host agent's event stream).
 *
 * <pre>{@code
 * engine.addListener(event -> {
 *     if (event instanceof EngineEvent.Retrying r) {
 *         log.info("{} retrying {} in {}", r.actionId(), r.step(), r.delay());
 *     }
 * });
 * }</pre>
 */
public sealed interface EngineEvent {

    /** The action run's id. */
    String actionId();

    /** The action's name. */
    String actionName();

    /** The resource key the action runs on. */
    String resourceKey();

    /** When the event happened. */
    Instant at();

    /** An action started running (it left its lane's queue). */
    record ActionStarted(String actionId, String actionName, String resourceKey, Instant at)
            implements EngineEvent {
    }

    /** An action finished successfully. */
    record ActionSucceeded(String actionId, String actionName, String resourceKey, Instant at, Duration duration)
            implements EngineEvent {
    }

    /** An action failed; what was reverted is in the action's {@code ActionFailedException}. */
    record ActionFailed(String actionId, String actionName, String resourceKey, Instant at, Duration duration,
            String failedStep, FailureCategory category, String message, boolean fullyReverted)
            implements EngineEvent {
    }

    /** An attempt of a command started. */
    record CommandStarted(String actionId, String actionName, String resourceKey, Instant at, String step,
            int attempt) implements EngineEvent {
    }

    /** An attempt of a command succeeded. */
    record CommandSucceeded(String actionId, String actionName, String resourceKey, Instant at, String step,
            int attempt, Duration duration) implements EngineEvent {
    }

    /** An attempt of a command failed. */
    record CommandFailed(String actionId, String actionName, String resourceKey, Instant at, String step,
            int attempt, Duration duration, FailureCategory category, String message) implements EngineEvent {
    }

    /** A failed attempt will be retried after {@code delay}. */
    record Retrying(String actionId, String actionName, String resourceKey, Instant at, String step,
            int failedAttempt, Duration delay, FailureCategory category) implements EngineEvent {
    }

    /**
     * The revert of a step started. A step that had nothing to undo
     * ({@link org.iaasengine.core.Command#needsRevert} false) gets no revert events.
     */
    record Reverting(String actionId, String actionName, String resourceKey, Instant at, String step)
            implements EngineEvent {
    }

    /** The revert of a step succeeded. */
    record Reverted(String actionId, String actionName, String resourceKey, Instant at, String step,
            Duration duration) implements EngineEvent {
    }

    /** The revert of a step failed: something may be left behind. */
    record RevertFailed(String actionId, String actionName, String resourceKey, Instant at, String step,
            Duration duration, FailureCategory category, String message) implements EngineEvent {
    }

    /** A long command reported progress. */
    record Progress(String actionId, String actionName, String resourceKey, Instant at, String step,
            double fraction, String message) implements EngineEvent {
    }
}
