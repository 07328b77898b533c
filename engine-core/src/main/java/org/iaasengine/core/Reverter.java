package org.iaasengine.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes what a failed run did: every execution in its results store, newest first, whose result
 * left something to undo ({@link Command#needsRevert}), each revert run (and retried) by the
 * {@link AttemptRunner}. A failed revert does not stop the others. Collects which steps were
 * reverted and which reverts failed, for the action's failure.
 *
 * <p>Made once per failed run; a revert that waits for a retry continues on the thread that ends
 * the wait.
 */
final class Reverter {
    private static final Logger LOG = LoggerFactory.getLogger(Reverter.class);

    private final List<Step<?>> steps;
    private final String run;
    private final StepResults results;
    private final AttemptRunner attempts;
    private final List<String> reverted = new ArrayList<>();
    private final List<RevertFailure> failures = new ArrayList<>();

    /** A reverter of the executions in {@code results} of {@code steps}; {@code run} names the run in logs. */
    Reverter(List<Step<?>> steps, String run, StepResults results, AttemptRunner attempts) {
        this.steps = steps;
        this.run = run;
        this.results = results;
        this.attempts = attempts;
    }

    /** Reverts every execution, newest first, then runs {@code done}. */
    void revertAll(Runnable done) {
        revertFrom(results.executions() - 1, done);
    }

    /** The steps reverted, in the order they were. */
    List<String> reverted() {
        return reverted;
    }

    /** The reverts that failed. */
    List<RevertFailure> failures() {
        return failures;
    }

    private void revertFrom(int newest, Runnable done) {
        for (int j = newest; j >= 0; j--) {
            StepResults.Execution e = results.execution(j);
            Step<?> step = steps.get(e.index());
            if (!needsRevert(step, e)) {
                continue;
            }
            CompletableFuture<?> f;
            try {
                f = attempts.revert(e, step);
            } catch (Throwable t) {
                f = CompletableFuture.failedFuture(t);
            }
            if (!f.isDone()) {
                int next = j - 1;
                f.whenComplete((v, err) -> {
                    collect(step, err == null ? null : Futures.unwrap(err));
                    revertFrom(next, done);
                });
                return;
            }
            collect(step, Futures.failureOf(f));
        }
        done.run();
    }

    private void collect(Step<?> step, Throwable failure) {
        if (failure == null) {
            reverted.add(step.name());
        } else {
            failures.add(new RevertFailure(step.name(), Futures.unwrap(failure)));
        }
    }

    /**
     * Whether the execution left something to undo; a command that cannot say (it throws) is
     * reverted, so nothing is skipped by mistake.
     */
    private boolean needsRevert(Step<?> step, StepResults.Execution e) {
        @SuppressWarnings("unchecked")
        Command<Object> command = (Command<Object>) step.command();
        try {
            if (command.needsRevert(e.value())) {
                return true;
            }
            LOG.debug("{}: {} left nothing to undo", run, step.name());
            return false;
        } catch (Throwable t) {
            LOG.warn("{}: needsRevert of {} threw; reverting it anyway", run, step.name(), t);
            return true;
        }
    }
}
