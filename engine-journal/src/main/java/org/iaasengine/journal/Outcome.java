package org.iaasengine.journal;

import java.util.List;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.RevertFailure;

/**
 * The outcome of a finished run as the journal keeps it, to answer a repeated request (a
 * redelivered job) without running it again.
 *
 * @param state      SUCCEEDED or FAILED
 * @param resultType the class of the result of a run that succeeded (null: no result, or a failure)
 * @param json       the result as JSON, or the {@link Failure} as JSON
 */
public record Outcome(SqlJournal.State state, String resultType, String json) {

    /** Type name written for a failure's summary. */
    static final String FAILURE = "failure";

    /** What a failed run's answer says: its category, message, the step that failed, what was reverted. */
    public record Failure(String category, String message, String failedStep, List<String> reverted,
            List<String> revertFailures, List<String> notReverted) {

        static Failure of(ActionFailedException f) {
            return new Failure(f.category().name(), f.getMessage(), f.failedStep(), List.copyOf(f.reverted()),
                    f.revertFailures().stream().map(RevertFailure::toString).toList(), List.copyOf(f.notReverted()));
        }
    }
}
