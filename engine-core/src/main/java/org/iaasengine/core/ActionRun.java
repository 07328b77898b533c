package org.iaasengine.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an {@link Action}, as a small pipeline: its steps in order, then the verification
 * (which may redo steps), then the model sync and the result; on a failure, a cancel or the
 * deadline, the revert of what ran, then the failure. The run orchestrates; its parts do the work:
 *
 * <ul>
 *   <li>{@link RunControl}: queued, running or done; cancel and deadline; interrupting the
 *       running attempt and cancelling a pending retry wait;
 *   <li>{@link StepResults}: the results store that later steps read and the revert walks;
 *   <li>{@link AttemptRunner}: the attempts of commands, checks and reverts, with timeouts and
 *       retries (scheduled, never slept);
 *   <li>{@link Reverter}: the revert of what ran, newest first;
 *   <li>{@link Transitions}: the funnel through which every state change is journaled, then told
 *       to the listeners.
 * </ul>
 *
 * <p>A run is driven by one thread at a time; it moves to another worker only after a scheduled
 * retry wait. Commands see an {@link AttemptContext}, never the run.
 */
final class ActionRun<R> implements ActionHandle<R> {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRun.class);

    private final EngineCore core;
    private final Action<R> action;
    private final String id;
    private final CompletableFuture<R> future = new RunFuture<>(this);
    private final RunControl control;
    private final StepResults results;
    private final Transitions transitions;
    private final AttemptRunner attempts;

    /** The journal's record of the run this one recovers, or null for a new run. */
    private final JournaledRun recovered;
    private long startNanos;
    /** The step whose command failed for good (its revertFailed runs first), or -1. */
    private volatile int failedIndex = -1;
    private int redosLeft;

    ActionRun(EngineCore core, Action<R> action) {
        this(core, action, null, null);
    }

    /**
     * A run of {@code action}; with {@code recovered}, the run that settles that journaled run (same
     * id, its results); else with the id {@code givenId}, or a new one.
     */
    ActionRun(EngineCore core, Action<R> action, JournaledRun recovered, String givenId) {
        this.core = core;
        this.action = action;
        this.recovered = recovered;
        this.id = recovered != null ? recovered.actionId() : givenId != null ? givenId : core.nextId();
        this.control = new RunControl(action, action.timeout().orElse(core.defaultActionTimeout));
        this.results = new StepResults(action);
        if (recovered != null) {
            Recovery.restore(action, recovered, results);
        }
        this.transitions = new Transitions(core, id, action);
        this.attempts = new AttemptRunner(core, action, transitions, control, results);
        this.redosLeft = action.verification().map(Verification::maxRedos).orElse(0);
    }

    /**
     * The run's future, which cancels the run when its holder cancels it (or completes it with a
     * {@link CancellationException}), once its own dependents have been told. Its dependents are
     * plain futures.
     */
    private static final class RunFuture<R> extends CompletableFuture<R> {
        private final ActionRun<R> run;

        RunFuture(ActionRun<R> run) {
            this.run = run;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean wasDone = isDone();
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (!wasDone && isCancelled()) {
                run.cancel(); // the caller cancelled the future itself
            }
            return cancelled;
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            boolean completed = super.completeExceptionally(ex);
            if (completed && ex instanceof CancellationException) {
                run.cancel();
            }
            return completed;
        }

        @Override
        public void obtrudeException(Throwable ex) {
            boolean wasDone = isDone();
            super.obtrudeException(ex);
            if (!wasDone && ex instanceof CancellationException) {
                run.cancel();
            }
        }
    }

    // ---------------------------------------------------------------- handle

    @Override
    public String id() {
        return id;
    }

    @Override
    public Action<R> action() {
        return action;
    }

    @Override
    public CompletableFuture<R> future() {
        return future;
    }

    @Override
    public boolean cancel() {
        return stop(FailureCategory.CANCELLED);
    }

    /** True once the run left the queue. */
    boolean hasStarted() {
        return control.hasStarted();
    }

    /** Stops the run for {@code reason} (CANCELLED or TIMEOUT). */
    boolean stop(FailureCategory reason) {
        if (control.dropQueued()) {
            // Never started: nothing to revert. Its lane skips it when its turn comes.
            core.unregister(this);
            future.completeExceptionally(new ActionFailedException(id, action.name(), action.resourceKey(), "queued",
                    reason, new CommandException(reason, "action " + reason.name().toLowerCase() + " before it started"),
                    List.of(), List.of()));
            return true;
        }
        return control.stop(reason);
    }

    void rejected(RuntimeException e) {
        if (control.dropQueued()) {
            core.unregister(this);
            future.completeExceptionally(new ActionFailedException(id, action.name(), action.resourceKey(), "queued",
                    FailureCategory.CANCELLED, e, List.of(), List.of()));
        }
        core.leaveLane(action.resourceKey());
    }

    // ---------------------------------------------------------------- steps

    /** Starts the run on the current thread (a worker, or the caller of a blocking run). */
    void start() {
        if (!control.start()) {
            core.leaveLane(action.resourceKey()); // cancelled while queued
            return;
        }
        startNanos = System.nanoTime();
        try {
            if (recovered != null) {
                control.armDeadline(startNanos, core.scheduler, () -> stop(FailureCategory.TIMEOUT));
                settle();
                return;
            }
            transitions.actionStarted(action.request().orElse(null));
            control.armDeadline(startNanos, core.scheduler, () -> stop(FailureCategory.TIMEOUT));
            runFrom(0);
        } catch (Throwable t) {
            fail("engine", FailureCategory.INTERNAL, t);
        }
    }

    /**
     * Settles a journaled run whose process died: a resumable plan that had not begun to revert
     * goes on from the step in flight (which runs again); any other is reverted, the step in
     * flight first ({@link Command#revertFailed}: it asks the host whether the lost call took
     * effect), then what ran, newest first, skipping what the dead process reverted already.
     */
    private void settle() {
        int inFlight = recovered.inFlightStep();
        String where = inFlight >= 0 ? action.steps().get(inFlight).name() : "between steps";
        if (action.resumable() && !recovered.reverting()) {
            LOG.info("action {} ({}): recovering from the journal; resuming at step {}", action.name(), id,
                    recovered.resumeFrom());
            runFrom(recovered.resumeFrom());
            return;
        }
        LOG.info("action {} ({}): recovering from the journal; reverting (in flight: {})", action.name(), id, where);
        failedIndex = recovered.inFlightUndone() ? -1 : inFlight;
        fail(where, FailureCategory.CANCELLED, new ProcessStoppedException(
                "the process running action " + action.name() + " (" + id + ") on " + action.resourceKey()
                        + " stopped " + (inFlight >= 0 ? "during step " + where : where)
                        + "; reverted when its journal was recovered"));
    }

    private void runFrom(int first) {
        List<Step<?>> steps = action.steps();
        for (int i = first; i < steps.size(); i++) {
            if (control.isStopped()) {
                fail(steps.get(i).name(), control.stopReason(), control.stopCause(null));
                return;
            }
            CompletableFuture<?> f = attempts.step(i, steps.get(i));
            if (f.isDone()) {
                Throwable err = Futures.failureOf(f);
                if (err != null) {
                    failedIndex = i;
                    stepFailed(steps.get(i).name(), err);
                    return;
                }
                continue;
            }
            int index = i;
            f.whenComplete((v, e) -> {
                try {
                    if (e != null) {
                        failedIndex = index;
                        stepFailed(steps.get(index).name(), e);
                    } else {
                        runFrom(index + 1);
                    }
                } catch (Throwable t) {
                    fail("engine", FailureCategory.INTERNAL, t);
                }
            });
            return;
        }
        verifyThenSync();
    }

    /** Step, check or sync {@code step} failed for good with {@code error}. */
    private void stepFailed(String step, Throwable error) {
        Throwable cause = Futures.unwrap(error);
        FailureCategory stop = control.stopReason();
        if (stop != null) {
            fail(step, stop, cause instanceof CommandException c && c.category() == stop ? cause
                    : control.stopCause(cause));
        } else {
            fail(step, FailureCategory.of(cause), cause);
        }
    }

    // ---------------------------------------------------------------- verify and sync

    private void verifyThenSync() {
        Optional<Verification> v = action.verification();
        if (v.isEmpty()) {
            syncAndSucceed();
            return;
        }
        Verification verification = v.get();
        CompletableFuture<Boolean> f = attempts.check(verification);
        if (f.isDone()) {
            afterCheck(verification, f);
        } else {
            f.whenComplete((ok, e) -> {
                try {
                    afterCheck(verification, f);
                } catch (Throwable t) {
                    fail("engine", FailureCategory.INTERNAL, t);
                }
            });
        }
    }

    private void afterCheck(Verification verification, CompletableFuture<Boolean> f) {
        String stepName = "verify:" + verification.name();
        Throwable err = Futures.failureOf(f);
        if (err != null) {
            FailureCategory stop = control.stopReason();
            Throwable cause = Futures.unwrap(err);
            fail(stepName, stop != null ? stop : FailureCategory.of(cause),
                    stop != null ? control.stopCause(cause) : cause);
            return;
        }
        if (Boolean.TRUE.equals(f.join())) {
            syncAndSucceed();
            return;
        }
        if (redosLeft > 0 && !control.isStopped()) {
            redosLeft--;
            int from = action.indexOf(verification.redoFrom().orElseThrow());
            LOG.info("action {} ({}): verification '{}' failed, redoing from step {} ({} redos left)", action.name(), id,
                    verification.name(), action.steps().get(from).name(), redosLeft);
            runFrom(from);
            return;
        }
        FailureCategory stop = control.stopReason();
        FailureCategory reason = stop != null ? stop : FailureCategory.CONFLICT;
        fail(stepName, reason, new CommandException(reason,
                "verification '" + verification.name() + "' of action " + action.name() + " on "
                        + action.resourceKey() + " did not hold"
                        + (verification.maxRedos() > 0 ? " after " + verification.maxRedos() + " redo(s)" : "")));
    }

    private void syncAndSucceed() {
        if (control.isStopped()) {
            fail("sync", control.stopReason(), control.stopCause(null));
            return;
        }
        R result;
        try {
            if (action.sync().isPresent()) {
                action.sync().get().apply(context("sync"));
            }
            result = action.result(results);
        } catch (Throwable t) {
            fail("sync", FailureCategory.of(t), t);
            return;
        }
        try {
            // Durable before anyone hears of it: a journal that cannot record the success makes it a
            // failure, reverted, rather than a success a later recovery would revert unasked.
            transitions.actionSucceeded(System.nanoTime() - startNanos, result);
        } catch (RuntimeException e) {
            fail("journal", FailureCategory.of(e), e);
            return;
        }
        control.beginFinishing();
        control.cancelDeadline();
        finish();
        future.complete(result);
    }

    // ---------------------------------------------------------------- failure

    private void fail(String step, FailureCategory category, Throwable cause) {
        if (!control.beginFinishing()) {
            LOG.error("action {} ({}) failed twice; second failure at {} ignored", action.name(), id, step, cause);
            return;
        }
        Thread.interrupted();
        transitions.revertStarted(step, category);
        Reverter reverter = new Reverter(action.steps(), "action " + action.name() + " (" + id + ")", results,
                attempts, failedIndex, cause, action.haltRevertOnFailure());
        reverter.revertAll(() -> {
            try {
                completeFailure(step, category, cause, reverter);
            } catch (Throwable bug) {
                // Never leave the caller waiting, whatever went wrong while reporting.
                LOG.error("action {} ({}): reporting its failure failed", action.name(), id, bug);
                finish();
                future.completeExceptionally(bug);
            }
        });
    }

    private void completeFailure(String step, FailureCategory category, Throwable cause, Reverter reverter) {
        control.cancelDeadline();
        ActionFailedException failure = new ActionFailedException(id, action.name(), action.resourceKey(), step,
                category, cause, reverter.reverted(), reverter.failures(), reverter.notReverted());
        if (action.onFailure().isPresent()) {
            try {
                action.onFailure().get().onFailure(failure, context(step));
            } catch (Throwable t) {
                LOG.warn("failure hook of action {} ({}) threw; ignored", action.name(), id, t);
            }
        }
        String unsettled = recovered == null ? null : Recovery.unsettled(failure);
        if (unsettled != null) {
            transitions.actionPending(System.nanoTime() - startNanos, failure, unsettled);
        } else {
            transitions.actionFailed(System.nanoTime() - startNanos, failure);
        }
        if (failure.fullyReverted()) {
            LOG.debug("{}", failure.getMessage());
        } else {
            LOG.warn("{}", failure.getMessage());
        }
        finish();
        future.completeExceptionally(failure);
    }

    // ---------------------------------------------------------------- helpers

    /** The context of work outside a step's attempts: the model sync, the failure hook. */
    private AttemptContext context(String step) {
        return new AttemptContext(transitions, control, results, step, 1, Long.MAX_VALUE);
    }

    private void finish() {
        control.done();
        core.unregister(this);
        core.leaveLane(action.resourceKey());
    }

    @Override
    public String toString() {
        return "ActionRun[" + id + " " + action + "]";
    }
}
