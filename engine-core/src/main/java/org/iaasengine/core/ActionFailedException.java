package org.iaasengine.core;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * How an action failed: which step failed and why (the cause is kept), its category, which steps
 * were reverted (in the order they were reverted; a step that had nothing to undo is not one of
 * them) and which reverts failed, each with its cause.
 *
 * <pre>{@code
 * try {
 *     engine.run(create);
 * } catch (ActionFailedException e) {
 *     log.warn("{} failed at {} ({}); reverted {}; leaks {}", e.actionName(), e.failedStep(),
 *             e.category(), e.reverted(), e.revertFailures());
 * }
 * }</pre>
 */
public final class ActionFailedException extends RuntimeException implements Categorized {
    private static final long serialVersionUID = 1L;

    private final String actionId;
    private final String actionName;
    private final String resourceKey;
    private final String failedStep;
    private final FailureCategory category;
    private final ImmutableList<String> reverted;
    private final ImmutableList<RevertFailure> revertFailures;

    public ActionFailedException(String actionId, String actionName, String resourceKey, String failedStep,
            FailureCategory category, Throwable cause, List<String> reverted, List<RevertFailure> revertFailures) {
        super(message(actionId, actionName, resourceKey, failedStep, category, cause, reverted, revertFailures), cause);
        this.actionId = Objects.requireNonNull(actionId);
        this.actionName = Objects.requireNonNull(actionName);
        this.resourceKey = Objects.requireNonNull(resourceKey);
        this.failedStep = Objects.requireNonNull(failedStep);
        this.category = Objects.requireNonNull(category);
        this.reverted = ImmutableList.copyOf(reverted);
        this.revertFailures = ImmutableList.copyOf(revertFailures);
        for (RevertFailure f : revertFailures) {
            addSuppressed(f.cause());
        }
    }

    private static String message(String id, String name, String key, String step, FailureCategory category,
            Throwable cause, List<String> reverted, List<RevertFailure> failures) {
        StringBuilder sb = new StringBuilder()
                .append("action ").append(name).append(" on ").append(key).append(" (").append(id).append(")")
                .append(" failed at ").append(step).append(" [").append(category).append("]");
        if (cause != null) {
            sb.append(": ").append(cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
        }
        sb.append("; reverted ").append(reverted);
        if (!failures.isEmpty()) {
            sb.append("; revert failures ").append(failures);
        }
        return sb.toString();
    }

    /** The action run's id (correlation id). */
    public String actionId() {
        return actionId;
    }

    public String actionName() {
        return actionName;
    }

    public String resourceKey() {
        return resourceKey;
    }

    /**
     * The step that failed: a command name, {@code verify:<name>}, {@code sync}, or {@code queued}
     * when the action was cancelled before it started.
     */
    public String failedStep() {
        return failedStep;
    }

    @Override
    public FailureCategory category() {
        return category;
    }

    /**
     * The steps that were reverted, in the order they were reverted: only steps whose revert undid
     * something ({@link Command#needsRevert} true) and succeeded.
     */
    public List<String> reverted() {
        return reverted;
    }

    /** The reverts that failed; empty when everything was undone. */
    public List<RevertFailure> revertFailures() {
        return revertFailures;
    }

    /** True when every revert succeeded, so nothing of this run is left behind. */
    public boolean fullyReverted() {
        return revertFailures.isEmpty();
    }
}
