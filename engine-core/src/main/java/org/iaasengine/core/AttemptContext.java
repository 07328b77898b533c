package org.iaasengine.core;

import java.time.Duration;
import java.util.Optional;

/**
 * What one attempt of a command, check or revert (or the model sync, or the failure hook) sees of
 * its run: a new, immutable context per attempt, naming the step and the attempt it was made for,
 * over the run's shared results store and control.
 *
 * <p>Because it is immutable, any thread may use it: a command's progress thread reports progress
 * for the step that started it, even if it calls late, and never reads a half-updated "current
 * step". Results and cancellation are read live from the run.
 */
final class AttemptContext implements CommandContext {
    private final Transitions run;
    private final RunControl control;
    private final StepResults results;
    private final String step;
    private final int attempt;
    private final long attemptDeadlineNanos;

    /**
     * The context of attempt {@code attempt} of {@code step}, whose own deadline is
     * {@code attemptDeadlineNanos} ({@link System#nanoTime()}; {@code Long.MAX_VALUE}: none).
     */
    AttemptContext(Transitions run, RunControl control, StepResults results, String step, int attempt,
            long attemptDeadlineNanos) {
        this.run = run;
        this.control = control;
        this.results = results;
        this.step = step;
        this.attempt = attempt;
        this.attemptDeadlineNanos = attemptDeadlineNanos;
    }

    @Override
    public String actionId() {
        return run.actionId();
    }

    @Override
    public String actionName() {
        return run.actionName();
    }

    @Override
    public String resourceKey() {
        return run.resourceKey();
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Duration timeLeftOr(Duration fallback) {
        long deadline = Math.min(control.deadlineNanos(), attemptDeadlineNanos);
        if (deadline == Long.MAX_VALUE) {
            return fallback;
        }
        long left = Math.max(0, deadline - System.nanoTime());
        return left < fallback.toNanos() ? Duration.ofNanos(left) : fallback;
    }

    @Override
    public boolean isCancelled() {
        return control.isStopped();
    }

    @Override
    public void progress(double fraction, String message) {
        run.progress(step, fraction, message);
    }

    @Override
    public <V> V get(Key<V> key) {
        return results.get(key);
    }

    @Override
    public <V> Optional<V> find(Key<V> key) {
        return results.find(key);
    }

    @Override
    public String toString() {
        return "context of " + step + " attempt " + attempt + " of " + run.actionId();
    }

    @Override
    public org.iaasengine.core.spi.TaskScheduler scheduler() {
        return run.scheduler();
    }
}
