package org.iaasengine.journal;

import java.time.Instant;

/**
 * One transition record of a run.
 *
 * @param stepIndex the step's index in the plan (-1 for {@code REVERTING}, which names the failed step)
 * @param attempt   the attempt, for {@code STARTED}; 0 otherwise
 * @param valueType for {@code SUCCEEDED}: the class of the step's result (null: the result was null)
 * @param valueJson for {@code SUCCEEDED}: the result as JSON; for {@code REVERTING}: why the run failed
 */
public record RecordEntry(String actionId, int seq, SqlJournal.Kind kind, int stepIndex, String stepName, int attempt,
        String valueType, String valueJson, Instant at, long checksum) {

    /** Whether the row reads back as it was written. */
    public boolean intact() {
        return Checksums.record(actionId, seq, kind.name(), stepIndex, stepName, attempt, valueType, valueJson)
                == checksum;
    }
}
