package org.iaasengine.core;

import java.time.Duration;

/**
 * What a running command sees of its action: the results of earlier steps, the action's identity,
 * the time it has left, cancellation, and a way to report progress.
 *
 * <p>Each attempt of a command (and each attempt of a revert or check) gets its own context, which
 * names that step and attempt for good: a thread the command starts (a progress poller) may keep
 * and use it, and its progress is reported for that step even if it arrives late.
 *
 * <pre>{@code
 * public Path execute(CommandContext ctx) throws Exception {
 *     Duration budget = ctx.timeLeftOr(Duration.ofMinutes(1));
 *     ctx.progress(0.5, "copying");
 *     ...
 * }
 * }</pre>
 */
public interface CommandContext extends Results {
    /** The action run's id: a correlation id that appears in every event and log line of the run. */
    String actionId();

    /** The action's name, for example {@code create}. */
    String actionName();

    /** The resource key the action runs on, for example {@code vm:web1}. */
    String resourceKey();

    /** 1 for the first attempt of the current step, 2 for the first retry, and so on. */
    int attempt();

    /**
     * The time left before the nearest deadline (the command's or the action's), never negative,
     * and at most {@code fallback}. Commands pass it to the timeouts of their outside calls.
     */
    Duration timeLeftOr(Duration fallback);

    /** True once the action was cancelled or passed its deadline. */
    boolean isCancelled();

    /** Throws a {@link FailureCategory#CANCELLED} failure if {@link #isCancelled()}. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CommandException(FailureCategory.CANCELLED, "action " + actionId() + " was cancelled");
        }
    }

    /** Reports progress of a long command (0.0 to 1.0) to the engine's listeners. */
    void progress(double fraction, String message);
}
