package org.iaasengine.journal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one recovery did with each unfinished run of its journal's owner.
 *
 * @param outcomes one per run it took, in the order it took them
 */
public record RecoveryReport(List<Outcome> outcomes) {

    public RecoveryReport {
        outcomes = List.copyOf(outcomes);
    }

    /** How a run ended up. */
    public enum Result {
        /** A resumable run, finished. */
        RESUMED,
        /** Reverted: every step that ran was undone. */
        REVERTED,
        /** Reverted, but a revert failed for good: what it names is left (see the detail). */
        FAILED,
        /** Not settled (a host did not answer, the plan cannot be rebuilt here): a later recovery tries again. */
        PENDING,
        /** Still running when the recovery stopped waiting; its outcome is journaled when it ends. */
        RUNNING
    }

    /** One run: its id, action, resource, result and a line that says why. */
    public record Outcome(String actionId, String actionName, String resourceKey, Result result, String detail) {
    }

    /** The number of runs per result. */
    public Map<Result, Integer> counts() {
        Map<Result, Integer> counts = new TreeMap<>();
        for (Outcome o : outcomes) {
            counts.merge(o.result(), 1, Integer::sum);
        }
        return counts;
    }

    public long count(Result r) {
        return outcomes.stream().filter(o -> o.result() == r).count();
    }
}
