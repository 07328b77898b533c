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
    private final ImmutableList<String> notReverted;

    public ActionFailedException(String actionId, String actionName, String resourceKey, String failedStep,
            FailureCategory category, Throwable cause, List<String> reverted, List<RevertFailure> revertFailures) {
        this(actionId, actionName, resourceKey, failedStep, category, cause, reverted, revertFailures, List.of());
    }

    /**
     * @param notReverted the steps left unreverted because a later revert failed and the action
     *                    halts its revert on a failure ({@link Action.Builder#haltRevertOnFailure})
     */
    public ActionFailedException(String actionId, String actionName, String resourceKey, String failedStep,
            FailureCategory category, Throwable cause, List<String> reverted, List<RevertFailure> revertFailures,
            List<String> notReverted) {
        super(message(actionId, actionName, resourceKey, failedStep, category, cause, reverted, revertFailures,
                notReverted), cause);
        this.notReverted = ImmutableList.copyOf(notReverted);
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
            Throwable cause, List<String> reverted, List<RevertFailure> failures, List<String> notReverted) {
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
        if (!notReverted.isEmpty()) {
            sb.append("; not reverted after that failure ").append(notReverted);
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
     * something ({@link Command#needsRevert} true) and succeeded, and first the failed step when its
     * command undoes a failure ({@link Command#revertFailed}) and that succeeded.
     */
    public List<String> reverted() {
        return reverted;
    }

    /** The reverts that failed; empty when everything was undone. */
    public List<RevertFailure> revertFailures() {
        return revertFailures;
    }

    /** True when every revert succeeded, so nothing of this run is left behind. */
    /**
     * The steps left as they were because a later revert failed and the action halts its revert on
     * a failure ({@link Action.Builder#haltRevertOnFailure}); empty otherwise.
     */
    public List<String> notReverted() {
        return notReverted;
    }

    public boolean fullyReverted() {
        return revertFailures.isEmpty();
    }
}
