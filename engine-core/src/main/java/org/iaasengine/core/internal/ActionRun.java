package org.iaasengine.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.core.Retry;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.core.Step;
import org.iaasengine.core.Verification;
import org.iaasengine.core.event.EngineEvent;
import org.iaasengine.core.spi.TaskScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an {@link Action}: runs its steps in order, retries per policy, verifies, syncs the
 * model, and on failure, cancel or deadline reverts the commands that succeeded in reverse order.
 *
 * <p>The first attempt of a step, check or revert runs directly on the run's thread, whatever its
 * retry policy; only an outcome that deserves another attempt hands the rest to a {@link RetryLoop}
 * (waits scheduled, never slept).
 *
 * <p>A run is driven by one thread at a time; it moves to another worker only after a scheduled
 * retry wait. The run itself is the {@link CommandContext} its commands see.
 */
public final class ActionRun<R> implements ActionHandle<R>, CommandContext {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRun.class);
    private static final Object NULL = new Object();

    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final EngineCore core;
    private final Action<R> action;
    private final String id;
    private final CompletableFuture<R> future = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final Object[] values;
    private final List<Executed> executed = new ArrayList<>();

    private final Object lock = new Object();
    private Thread runner;
    private CompletableFuture<?> pendingWait;
    private volatile FailureCategory stopReason;
    private boolean finishing;

    private TaskScheduler.Scheduled deadlineTask;
    private long startNanos;
    private long deadlineNanos = Long.MAX_VALUE;
    private int redosLeft;

    // The current command attempt, as the context shows it.
    private String currentStep = "";
    private int currentAttempt;
    private long attemptDeadlineNanos = Long.MAX_VALUE;
    // When the latest attempt of a command, check or revert started: a retry's max duration counts
    // from its first attempt's start.
    private long attemptStartNanos;
    private volatile boolean attemptTimedOut;

    private record Executed(int index, Object value) {
    }

    public ActionRun(EngineCore core, Action<R> action) {
        this.core = core;
        this.action = action;
        this.id = core.nextId();
        this.values = new Object[action.steps().size()];
        this.redosLeft = action.verification().map(Verification::maxRedos).orElse(0);
        future.whenComplete((r, e) -> {
            if (e instanceof CancellationException) {
                cancel(); // the caller cancelled the future itself
            }
        });
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
    public boolean hasStarted() {
        return state.get() != QUEUED;
    }

    /** Stops the run for {@code reason} (CANCELLED or TIMEOUT). */
    boolean stop(FailureCategory reason) {
        if (state.compareAndSet(QUEUED, DONE)) {
            // Never started: nothing to revert. Its lane skips it when its turn comes.
            ActionFailedException f = new ActionFailedException(id, action.name(), action.resourceKey(), "queued",
                    reason, new CommandException(reason, "action " + reason.name().toLowerCase() + " before it started"),
                    List.of(), List.of());
            core.unregister(this);
            future.completeExceptionally(f);
            return true;
        }
        CompletableFuture<?> wait;
        synchronized (lock) {
            if (finishing || stopReason != null || state.get() == DONE) {
                return false;
            }
            stopReason = reason;
            if (runner != null) {
                runner.interrupt();
            }
            wait = pendingWait;
        }
        if (wait != null) {
            wait.cancel(false);
        }
        return true;
    }

    void rejected(RuntimeException e) {
        if (state.compareAndSet(QUEUED, DONE)) {
            core.unregister(this);
            future.completeExceptionally(new ActionFailedException(id, action.name(), action.resourceKey(), "queued",
                    FailureCategory.CANCELLED, e, List.of(), List.of()));
        }
        core.leaveLane(action.resourceKey());
    }

    // ---------------------------------------------------------------- context

    @Override
    public String actionId() {
        return id;
    }

    @Override
    public String actionName() {
        return action.name();
    }

    @Override
    public String resourceKey() {
        return action.resourceKey();
    }

    @Override
    public int attempt() {
        return currentAttempt;
    }

    @Override
    public Duration timeLeftOr(Duration fallback) {
        long deadline = Math.min(deadlineNanos, attemptDeadlineNanos);
        if (deadline == Long.MAX_VALUE) {
            return fallback;
        }
        long left = Math.max(0, deadline - System.nanoTime());
        return left < fallback.toNanos() ? Duration.ofNanos(left) : fallback;
    }

    @Override
    public TaskScheduler scheduler() {
        return core.scheduler;
    }

    @Override
    public boolean isCancelled() {
        return stopReason != null;
    }

    @Override
    public void progress(double fraction, String message) {
        if (core.hasListeners()) {
            core.emit(new EngineEvent.Progress(id, action.name(), action.resourceKey(), Instant.now(), currentStep,
                    fraction, message));
        }
    }

    @Override
    public <V> V get(Key<V> key) {
        int i = action.indexOf(key);
        if (i < 0) {
            throw new IllegalStateException("action '" + action.name() + "' has no step producing key '" + key + "'");
        }
        Object v = values[i];
        if (v == null) {
            throw new IllegalStateException("key '" + key + "' of action '" + action.name() + "' has no value yet");
        }
        @SuppressWarnings("unchecked")
        V value = (V) (v == NULL ? null : v);
        return value;
    }

    @Override
    public <V> Optional<V> find(Key<V> key) {
        int i = action.indexOf(key);
        if (i < 0 || values[i] == null || values[i] == NULL) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        V value = (V) values[i];
        return Optional.of(value);
    }

    // ---------------------------------------------------------------- running

    /** Starts the run on the current thread (a worker, or the caller of a blocking run). */
    public void start() {
        if (!state.compareAndSet(QUEUED, RUNNING)) {
            core.leaveLane(action.resourceKey()); // cancelled while queued
            return;
        }
        startNanos = System.nanoTime();
        core.journal.actionStarted(id, action);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.ActionStarted(id, action.name(), action.resourceKey(), Instant.now()));
        }
        Duration timeout = action.timeout().orElse(core.defaultActionTimeout);
        if (timeout != null) {
            deadlineNanos = startNanos + timeout.toNanos();
            deadlineTask = core.scheduler.schedule(() -> stop(FailureCategory.TIMEOUT), timeout);
        }
        try {
            runFrom(0);
        } catch (Throwable t) {
            fail("engine", FailureCategory.INTERNAL, t);
        }
    }

    private void runFrom(int first) {
        List<Step<?>> steps = action.steps();
        int i = first;
        while (i < steps.size()) {
            if (stopReason != null) {
                fail(steps.get(i).name(), stopReason, stopCause());
                return;
            }
            CompletableFuture<Object> f = executeStep(i);
            if (f.isDone()) {
                Throwable err = failureOf(f);
                if (err != null) {
                    stepFailed(i, err);
                    return;
                }
                i++;
                continue;
            }
            int index = i;
            f.whenComplete((v, e) -> {
                try {
                    if (e != null) {
                        stepFailed(index, e);
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

    private CompletableFuture<Object> executeStep(int i) {
        Step<?> step = action.steps().get(i);
        try {
            return CompletableFuture.completedFuture(attempt(i, step, 1));
        } catch (Throwable failure) {
            Retry retry = step.retry().orElse(action.retry());
            return awaiting(retryLoop(retry, step.name(), attemptStartNanos, true, null, n -> attempt(i, step, n))
                    .after(null, failure));
        }
    }

    private <T> CompletableFuture<T> awaiting(CompletableFuture<T> f) {
        if (!f.isDone()) {
            boolean stopNow;
            synchronized (lock) {
                pendingWait = f;
                stopNow = stopReason != null;
            }
            if (stopNow) {
                f.cancel(false);
            }
            f.whenComplete((v, e) -> {
                synchronized (lock) {
                    if (pendingWait == f) {
                        pendingWait = null;
                    }
                }
            });
        }
        return f;
    }

    /**
     * The attempts after the first of a unit of work under {@code retry}, the first having started
     * at {@code firstStartNanos}. Another attempt is due after a failure of a category the retry
     * names, or a result that {@code retryResult} (null: none) rejects. A stop (cancel, deadline)
     * ends the retries of steps and checks; reverts ({@code stoppable} false) go on regardless.
     */
    private <T> RetryLoop<T> retryLoop(Retry retry, String stepName, long firstStartNanos, boolean stoppable,
            Predicate<T> retryResult, RetryLoop.Attempt<T> next) {
        return new RetryLoop<>(retry, firstStartNanos, next,
                (result, t) -> (!stoppable || stopReason == null) && (t != null
                        ? !(t instanceof CancellationException) && retry.isRetryable(FailureCategory.of(t))
                        : retryResult != null && retryResult.test(result)),
                (failedAttempt, delay, t) -> {
                    if (core.hasListeners()) {
                        core.emit(new EngineEvent.Retrying(id, action.name(), action.resourceKey(), Instant.now(),
                                stepName, failedAttempt, delay, t == null ? FailureCategory.INTERNAL
                                        : FailureCategory.of(t)));
                    }
                },
                core.scheduler, core.workers);
    }

    /** One attempt of a command on the current thread; a success is recorded for revert at once. */
    private Object attempt(int index, Step<?> step, int attemptNo) throws Throwable {
        if (stopReason != null) {
            throw stopCause();
        }
        @SuppressWarnings("unchecked")
        Command<Object> command = (Command<Object>) step.command();
        String name = step.name();
        currentStep = name;
        currentAttempt = attemptNo;
        boolean events = core.hasListeners();
        if (events) {
            core.emit(new EngineEvent.CommandStarted(id, action.name(), action.resourceKey(), Instant.now(), name,
                    attemptNo));
        }
        long t0 = System.nanoTime();
        attemptStartNanos = t0;
        TaskScheduler.Scheduled timeoutTask = null;
        attemptTimedOut = false;
        if (step.timeout().isPresent()) {
            Duration timeout = step.timeout().get();
            attemptDeadlineNanos = t0 + timeout.toNanos();
            Thread me = Thread.currentThread();
            timeoutTask = core.scheduler.schedule(() -> timeOutAttempt(me), timeout);
        } else {
            attemptDeadlineNanos = Long.MAX_VALUE;
        }
        Object value = null;
        Throwable error = null;
        synchronized (lock) {
            runner = Thread.currentThread();
            if (stopReason != null) {
                runner.interrupt();
            }
        }
        try {
            value = command.execute(this);
        } catch (Throwable t) {
            error = t;
        } finally {
            synchronized (lock) {
                runner = null;
            }
            if (timeoutTask != null) {
                timeoutTask.cancel();
            }
            Thread.interrupted(); // an interrupt meant for this attempt must not leak to the next
            attemptDeadlineNanos = Long.MAX_VALUE;
        }
        long took = System.nanoTime() - t0;
        if (error == null) {
            values[index] = value == null ? NULL : value;
            executed.add(new Executed(index, value));
            core.journal.stepSucceeded(id, index, name, value);
            if (attemptTimedOut) {
                // It finished after its deadline: keep it for revert, but the attempt failed.
                error = new CommandException(FailureCategory.TIMEOUT,
                        "step " + name + " of action " + action.name() + " finished after its timeout "
                                + step.timeout().orElseThrow());
            } else {
                if (events) {
                    core.emit(new EngineEvent.CommandSucceeded(id, action.name(), action.resourceKey(),
                            Instant.now(), name, attemptNo, Duration.ofNanos(took)));
                }
                return value;
            }
        } else if (attemptTimedOut && stopReason == null) {
            error = new CommandException(FailureCategory.TIMEOUT,
                    "step " + name + " of action " + action.name() + " timed out after " + step.timeout().orElseThrow(),
                    error);
        } else if (stopReason != null) {
            error = stopCause(error);
        }
        if (events) {
            core.emit(new EngineEvent.CommandFailed(id, action.name(), action.resourceKey(), Instant.now(), name,
                    attemptNo, Duration.ofNanos(took), FailureCategory.of(error), String.valueOf(error.getMessage())));
        }
        throw error;
    }

    private void timeOutAttempt(Thread target) {
        synchronized (lock) {
            if (runner == target) {
                attemptTimedOut = true;
                target.interrupt();
            }
        }
    }

    private CommandException stopCause() {
        return stopCause(null);
    }

    private CommandException stopCause(Throwable cause) {
        FailureCategory reason = stopReason == null ? FailureCategory.CANCELLED : stopReason;
        String what = reason == FailureCategory.TIMEOUT
                ? "passed its deadline of " + action.timeout().orElse(core.defaultActionTimeout)
                : "was cancelled";
        return new CommandException(reason, "action " + action.name() + " on " + action.resourceKey() + " " + what,
                cause);
    }

    private void stepFailed(int index, Throwable error) {
        Throwable cause = unwrap(error);
        String step = action.steps().get(index).name();
        if (stopReason != null) {
            fail(step, stopReason, cause instanceof CommandException c && c.category() == stopReason ? cause
                    : stopCause(cause));
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
        CompletableFuture<Boolean> f = check(verification);
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

    private CompletableFuture<Boolean> check(Verification verification) {
        Boolean holds = null;
        Throwable failure = null;
        try {
            holds = checkOnce(verification, 1);
        } catch (Throwable t) {
            failure = t;
        }
        if (Boolean.TRUE.equals(holds)) {
            return CompletableFuture.completedFuture(true);
        }
        return awaiting(retryLoop(verification.retry(), "verify:" + verification.name(), attemptStartNanos, true,
                (Boolean ok) -> !ok, n -> checkOnce(verification, n)).after(holds, failure));
    }

    private boolean checkOnce(Verification verification, int attemptNo) throws Exception {
        if (stopReason != null) {
            throw stopCause();
        }
        currentStep = "verify:" + verification.name();
        currentAttempt = attemptNo;
        attemptStartNanos = System.nanoTime();
        return verification.check().holds(this);
    }

    private void afterCheck(Verification verification, CompletableFuture<Boolean> f) {
        String stepName = "verify:" + verification.name();
        Throwable err = failureOf(f);
        if (err != null) {
            Throwable cause = unwrap(err);
            if (stopReason != null) {
                fail(stepName, stopReason, stopCause(cause));
            } else {
                fail(stepName, FailureCategory.of(cause), cause);
            }
            return;
        }
        if (Boolean.TRUE.equals(f.join())) {
            syncAndSucceed();
            return;
        }
        if (redosLeft > 0 && stopReason == null) {
            redosLeft--;
            int from = action.indexOf(verification.redoFrom().orElseThrow());
            LOG.info("action {} ({}): verification '{}' failed, redoing from step {} ({} redos left)", action.name(), id,
                    verification.name(), action.steps().get(from).name(), redosLeft);
            runFrom(from);
            return;
        }
        FailureCategory reason = stopReason != null ? stopReason : FailureCategory.CONFLICT;
        fail(stepName, reason, new CommandException(reason,
                "verification '" + verification.name() + "' of action " + action.name() + " on "
                        + action.resourceKey() + " did not hold"
                        + (verification.maxRedos() > 0 ? " after " + verification.maxRedos() + " redo(s)" : "")));
    }

    private void syncAndSucceed() {
        if (stopReason != null) {
            fail("sync", stopReason, stopCause());
            return;
        }
        currentStep = "sync";
        R result;
        try {
            if (action.sync().isPresent()) {
                action.sync().get().apply(this);
            }
            result = action.result(this);
        } catch (Throwable t) {
            fail("sync", FailureCategory.of(t), t);
            return;
        }
        synchronized (lock) {
            finishing = true;
        }
        cancelDeadline();
        Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
        core.journal.actionFinished(id, true);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.ActionSucceeded(id, action.name(), action.resourceKey(), Instant.now(), took));
        }
        finish();
        future.complete(result);
    }

    // ---------------------------------------------------------------- failure and revert

    private void fail(String step, FailureCategory category, Throwable cause) {
        synchronized (lock) {
            if (finishing) {
                LOG.error("action {} ({}) failed twice; second failure at {} ignored", action.name(), id, step, cause);
                return;
            }
            finishing = true;
        }
        Thread.interrupted();
        List<String> reverted = new ArrayList<>();
        List<RevertFailure> revertFailures = new ArrayList<>();
        revertFrom(executed.size() - 1, reverted, revertFailures, () -> {
            try {
                completeFailure(step, category, cause, reverted, revertFailures);
            } catch (Throwable bug) {
                // Never leave the caller waiting, whatever went wrong while reporting.
                LOG.error("action {} ({}): reporting its failure failed", action.name(), id, bug);
                finish();
                future.completeExceptionally(bug);
            }
        });
    }

    private void completeFailure(String step, FailureCategory category, Throwable cause, List<String> reverted,
            List<RevertFailure> revertFailures) {
        cancelDeadline();
        ActionFailedException failure = new ActionFailedException(id, action.name(), action.resourceKey(), step,
                category, cause, reverted, revertFailures);
        if (action.onFailure().isPresent()) {
            try {
                action.onFailure().get().onFailure(failure, this);
            } catch (Throwable t) {
                LOG.warn("failure hook of action {} ({}) threw; ignored", action.name(), id, t);
            }
        }
        core.journal.actionFinished(id, false);
        if (core.hasListeners()) {
            core.emit(new EngineEvent.ActionFailed(id, action.name(), action.resourceKey(), Instant.now(),
                    Duration.ofNanos(System.nanoTime() - startNanos), step, category,
                    String.valueOf(failure.getMessage()), failure.fullyReverted()));
        }
        if (revertFailures.isEmpty()) {
            LOG.debug("{}", failure.getMessage());
        } else {
            LOG.warn("{}", failure.getMessage());
        }
        finish();
        future.completeExceptionally(failure);
    }

    private void revertFrom(int k, List<String> reverted, List<RevertFailure> failures, Runnable done) {
        for (int j = k; j >= 0; j--) {
            Executed e = executed.get(j);
            Step<?> step = action.steps().get(e.index());
            if (!needsRevert(step, e)) {
                continue;
            }
            CompletableFuture<Object> f;
            try {
                f = revertOne(e, step);
            } catch (Throwable t) {
                f = CompletableFuture.failedFuture(t);
            }
            if (!f.isDone()) {
                int next = j - 1;
                f.whenComplete((v, err) -> {
                    record(step, err == null ? null : unwrap(err), e.index(), reverted, failures);
                    revertFrom(next, reverted, failures, done);
                });
                return;
            }
            record(step, failureOf(f), e.index(), reverted, failures);
        }
        done.run();
    }

    private void record(Step<?> step, Throwable err, int index, List<String> reverted, List<RevertFailure> failures) {
        if (err == null) {
            reverted.add(step.name());
            core.journal.stepReverted(id, index, step.name(), true);
        } else {
            failures.add(new RevertFailure(step.name(), unwrap(err)));
            core.journal.stepReverted(id, index, step.name(), false);
        }
    }

    /**
     * Whether the step's result left something to undo; a command that cannot say (it throws) is
     * reverted, so nothing is skipped by mistake.
     */
    private boolean needsRevert(Step<?> step, Executed e) {
        @SuppressWarnings("unchecked")
        Command<Object> command = (Command<Object>) step.command();
        try {
            if (command.needsRevert(e.value())) {
                return true;
            }
            LOG.debug("action {} ({}): {} left nothing to undo", action.name(), id, step.name());
            return false;
        } catch (Throwable t) {
            LOG.warn("action {} ({}): needsRevert of {} threw; reverting it anyway", action.name(), id, step.name(), t);
            return true;
        }
    }

    private CompletableFuture<Object> revertOne(Executed e, Step<?> step) {
        try {
            revertAttempt(e, step);
            return CompletableFuture.completedFuture(null);
        } catch (Throwable failure) {
            // Reverts run to the end even after a cancel: their retries ignore the stop reason.
            return retryLoop(action.revertRetry(), step.name(), attemptStartNanos, false, null, n -> {
                revertAttempt(e, step);
                return null;
            }).after(null, failure);
        }
    }

    private void revertAttempt(Executed e, Step<?> step) throws Exception {
        @SuppressWarnings("unchecked")
        Command<Object> command = (Command<Object>) step.command();
        currentStep = step.name();
        boolean events = core.hasListeners();
        if (events) {
            core.emit(new EngineEvent.Reverting(id, action.name(), action.resourceKey(), Instant.now(), step.name()));
        }
        long t0 = System.nanoTime();
        attemptStartNanos = t0;
        try {
            command.revert(this, e.value());
        } catch (Exception | Error t) {
            if (events) {
                core.emit(new EngineEvent.RevertFailed(id, action.name(), action.resourceKey(), Instant.now(),
                        step.name(), Duration.ofNanos(System.nanoTime() - t0), FailureCategory.of(t),
                        String.valueOf(t.getMessage())));
            }
            LOG.warn("action {} ({}): revert of {} failed", action.name(), id, step.name(), t);
            throw t;
        }
        if (events) {
            core.emit(new EngineEvent.Reverted(id, action.name(), action.resourceKey(), Instant.now(), step.name(),
                    Duration.ofNanos(System.nanoTime() - t0)));
        }
    }

    // ---------------------------------------------------------------- helpers

    private void cancelDeadline() {
        if (deadlineTask != null) {
            deadlineTask.cancel();
        }
    }

    private void finish() {
        state.set(DONE);
        core.unregister(this);
        core.leaveLane(action.resourceKey());
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        if (!f.isCompletedExceptionally()) {
            return null;
        }
        try {
            f.join();
            return null;
        } catch (CancellationException e) {
            return e;
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    @Override
    public String toString() {
        return "ActionRun[" + id + " " + action + "]";
    }
}
