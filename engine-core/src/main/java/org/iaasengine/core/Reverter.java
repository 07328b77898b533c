package org.iaasengine.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undoes what a failed run did: what the failed step may have done all the same
 * ({@link Command#revertFailed}), then every execution in its results store, newest first, whose result
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
    private final List<String> notReverted = new ArrayList<>();
    private final boolean haltOnFailure;

    private final int failedIndex;
    private final Throwable failedWith;

    /**
     * A reverter of the executions in {@code results} of {@code steps}, and first of the failed
     * attempt of step {@code failedIndex} (-1: no step failed; the run was stopped, or a check or
     * the sync failed) with {@code failedWith}; {@code run} names the run in logs.
     */
    Reverter(List<Step<?>> steps, String run, StepResults results, AttemptRunner attempts, int failedIndex,
            Throwable failedWith, boolean haltOnFailure) {
        this.haltOnFailure = haltOnFailure;
        this.steps = steps;
        this.run = run;
        this.results = results;
        this.attempts = attempts;
        this.failedIndex = failedIndex;
        this.failedWith = failedWith;
    }

    /**
     * Undoes what the failed step may have done ({@link Command#revertFailed}, when its command has
     * one and the step's attempt was not kept as an execution), then reverts every execution,
     * newest first, then runs {@code done}.
     */
    void revertAll(Runnable done) {
        int newest = results.executions() - 1;
        boolean kept = newest >= 0 && results.execution(newest).index() == failedIndex;
        if (failedIndex < 0 || kept || !undoesFailure(steps.get(failedIndex))) {
            revertFrom(newest, done);
            return;
        }
        Step<?> step = steps.get(failedIndex);
        if (revertOne(step, () -> attempts.revertFailed(failedIndex, step, failedWith),
                () -> revertFrom(newest, done))) {
            revertFrom(newest, done);
        }
    }

    /** The steps reverted, in the order they were. */
    List<String> reverted() {
        return reverted;
    }

    /** The reverts that failed. */
    List<RevertFailure> failures() {
        return failures;
    }

    /** The steps not reverted because a revert failed before them and the action halts then. */
    List<String> notReverted() {
        return notReverted;
    }

    private void revertFrom(int newest, Runnable done) {
        for (int j = newest; j >= 0; j--) {
            StepResults.Execution e = results.execution(j);
            Step<?> step = steps.get(e.index());
            if (results.wasRevertedBefore(j)) {
                reverted.add(step.name());
                continue;
            }
            if (!needsRevert(step, e)) {
                continue;
            }
            if (haltOnFailure && !failures.isEmpty()) {
                notReverted.add(step.name());
                LOG.warn("{}: {} not reverted: a later revert failed and the action halts its revert then", run,
                        step.name());
                continue;
            }
            int next = j - 1;
            if (!revertOne(step, () -> attempts.revert(e, step), () -> revertFrom(next, done))) {
                return;
            }
        }
        done.run();
    }

    /**
     * Starts one revert of {@code step} and collects its outcome. Returns true when it ended at
     * once; otherwise {@code then} runs after it ends (on the thread that ends it) and false is
     * returned, so the caller stops and lets {@code then} go on.
     */
    private boolean revertOne(Step<?> step, Supplier<CompletableFuture<?>> start, Runnable then) {
        CompletableFuture<?> f;
        try {
            f = start.get();
        } catch (Throwable t) {
            f = CompletableFuture.failedFuture(t);
        }
        if (!f.isDone()) {
            f.whenComplete((v, err) -> {
                collect(step, err == null ? null : Futures.unwrap(err));
                then.run();
            });
            return false;
        }
        collect(step, Futures.failureOf(f));
        return true;
    }

    private void collect(Step<?> step, Throwable failure) {
        if (failure == null) {
            reverted.add(step.name());
        } else {
            failures.add(new RevertFailure(step.name(), Futures.unwrap(failure)));
        }
    }

    /** Whether the failed step's command undoes its failure; a command that throws here is asked to. */
    private boolean undoesFailure(Step<?> step) {
        try {
            return step.command().undoesFailure(failedWith);
        } catch (Throwable t) {
            LOG.warn("{}: undoesFailure of {} threw; undoing its failure anyway", run, step.name(), t);
            return true;
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
