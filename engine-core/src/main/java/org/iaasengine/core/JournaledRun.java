package org.iaasengine.core;

import java.util.List;
import java.util.Objects;

/**
 * What a durable journal recorded of a run that never finished (its process died), read back so
 * that {@link Engine#recover} settles it: the results of the steps that succeeded, typed again by
 * their keys, in the order they ran; which of those were reverted already; the step that had
 * started and has no result (its command may or may not have taken effect); and whether the run's
 * revert had begun.
 *
 * @param actionId     the run's id in the journal, kept by the recovered run
 * @param executions   the successful executions, oldest first
 * @param inFlightStep the index of the step that started and has no result, or -1
 * @param inFlightUndone true when the in-flight step's failure was already undone
 *     ({@link Command#revertFailed} succeeded before the process died)
 * @param reverting    true when the journal holds the start of the run's revert
 */
public record JournaledRun(String actionId, List<Execution> executions, int inFlightStep, boolean inFlightUndone,
        boolean reverting) {

    /** Step {@code step} succeeded with {@code value}; {@code reverted} when its revert succeeded since. */
    public record Execution(int step, Object value, boolean reverted) {
    }

    public JournaledRun {
        Objects.requireNonNull(actionId, "actionId");
        executions = List.copyOf(executions);
        if (inFlightStep < -1) {
            throw new IllegalArgumentException("in-flight step must be -1 or a step index, was " + inFlightStep);
        }
    }

    /** The step a resumed run goes on from: the one in flight, else the one after the last that ran. */
    int resumeFrom() {
        if (inFlightStep >= 0) {
            return inFlightStep;
        }
        return executions.stream().mapToInt(Execution::step).max().orElse(-1) + 1;
    }
}
