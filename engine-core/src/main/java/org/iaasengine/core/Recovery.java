package org.iaasengine.core;

/**
 * What the engine does with a journaled run it recovers, apart from running it: its results
 * restored, its outcome judged.
 */
final class Recovery {
    private Recovery() {
    }

    /**
     * Puts the journaled results of {@code recovered} into {@code results}, marking those reverted
     * before.
     *
     * @throws IllegalArgumentException when the journaled run does not fit the plan
     */
    static void restore(Action<?> action, JournaledRun recovered, StepResults results) {
        int n = 0;
        for (JournaledRun.Execution e : recovered.executions()) {
            if (e.step() < 0 || e.step() >= action.steps().size()) {
                throw new IllegalArgumentException("journaled run " + recovered.actionId() + " of action '"
                        + action.name() + "' has a result of step " + e.step() + ", which the plan ("
                        + action.steps().size() + " steps) does not have");
            }
            results.record(e.step(), e.value());
            if (e.reverted()) {
                results.markRevertedBefore(n);
            }
            n++;
        }
        if (recovered.inFlightStep() >= action.steps().size()) {
            throw new IllegalArgumentException("journaled run " + recovered.actionId() + " of action '"
                    + action.name() + "' was in step " + recovered.inFlightStep() + ", which the plan does not have");
        }
    }

    /**
     * Why a recovered run cannot be called settled: a revert that failed for a reason that may pass
     * (the host did not answer, or not in time), so a later recovery is to try it again; null when
     * every revert succeeded or failed for good.
     */
    static String unsettled(ActionFailedException failure) {
        for (RevertFailure f : failure.revertFailures()) {
            FailureCategory c = FailureCategory.of(f.cause());
            if (c == FailureCategory.TRANSIENT || c == FailureCategory.TIMEOUT || c == FailureCategory.CANCELLED) {
                return "revert of " + f.step() + " failed (" + c + "): " + f.cause().getMessage();
            }
        }
        return null;
    }
}
