package org.iaasengine.core.spi;

/**
 * The durable record of actions in flight, so that a host application that restarts can rebuild
 * each unfinished action from its request and settle it (revert what ran, or resume). The default
 * does nothing.
 *
 * <p>The engine writes every record before its listeners hear of the same change (TaskFlow's
 * {@code change_state}: storage first, notification second), on the action's thread and in order
 * for one run.
 *
 * <p>The records of one run, in order:
 *
 * <pre>
 * actionStarted
 *   stepStarted (attempt 1) [stepStarted (attempt 2) ...] stepSucceeded     per step, in plan order
 *   ...                                                                      (a redo runs steps again)
 *   [revertStarted stepReverted ...]                                         on failure, newest first
 * actionFinished | actionPending
 * </pre>
 *
 * <p>Reading a record after a crash: a step with a {@code stepStarted} and no {@code stepSucceeded}
 * after it was in flight when the process died (or its last attempt failed): its command may have
 * had an effect that nobody recorded, unlike a step with no {@code stepStarted}, which never began.
 * A run without {@code actionFinished} is unfinished.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().journal(new Journal() {
 *     public void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
 *         db.insertAction(actionId, actionName, resourceKey, json.write(request));
 *     }
 *     public void stepStarted(String actionId, int index, String step, int attempt) {
 *         db.markStarted(actionId, index, attempt);
 *     }
 *     ...
 * }).build();
 * }</pre>
 */
public interface Journal {
    /** A journal that records nothing. */
    Journal NONE = new Journal() {
    };

    /**
     * An action run started, before its first step.
     *
     * @param request the action's request as data: the object its plan was given by
     *     {@link org.iaasengine.core.Action.Builder#request}, from which a journal rebuilds the action
     *     after a restart; null when the plan was built without one (such a run cannot be rebuilt)
     */
    default void actionStarted(String actionId, String actionName, String resourceKey, Object request) {
    }

    /**
     * Attempt {@code attempt} (1 for the first) of step {@code index} is about to run: recorded
     * before its command's {@code execute} is called, once per attempt, so a retried step has one
     * record per attempt. A journal that only needs to know whether the step began may ignore
     * attempts after the first.
     */
    default void stepStarted(String actionId, int index, String step, int attempt) {
    }

    /**
     * {@link #stepStarted(String, int, String, int)}, knowing whether the step's command can change
     * anything outside this process ({@link org.iaasengine.core.Command#effects}): a journal may
     * leave the start of a step without effects uncommitted until its next record. The engine calls
     * this one; by default it calls the four-argument method.
     */
    default void stepStarted(String actionId, int index, String step, int attempt, boolean effects) {
        stepStarted(actionId, index, step, attempt);
    }

    /**
     * Step {@code index} succeeded with {@code result}: recorded once per execution of the step
     * (once however many attempts it took; again if a verification redoes it). Also recorded for
     * an attempt that returned after its timeout: its result is kept for revert, although the
     * attempt counts as failed.
     */
    default void stepSucceeded(String actionId, int index, String step, Object result) {
    }

    /**
     * Step {@code index}'s revert finished ({@code ok} false when it failed after all its
     * attempts). Not called for a step that had nothing to undo
     * ({@link org.iaasengine.core.Command#needsRevert} false): its revert does not run.
     */
    default void stepReverted(String actionId, int index, String step, boolean ok) {
    }

    /**
     * The run failed (at {@code failedStep}, for {@code reason}) and its revert begins: recorded
     * before the first revert runs, so that a recovery reverts a run that was reverting, even one
     * whose plan would be resumed.
     */
    default void revertStarted(String actionId, String failedStep, String reason) {
    }

    /** The run finished (after its reverts, when it failed). */
    default void actionFinished(String actionId, boolean succeeded) {
    }

    /**
     * {@link #actionFinished(String, boolean)} with the outcome: the action's result when it
     * succeeded (may be null), its {@link org.iaasengine.core.ActionFailedException} when it failed;
     * a journal that keeps it can answer a repeated request (a redelivered job) without running it
     * again. The engine calls this one; by default it calls the two-argument method.
     */
    default void actionFinished(String actionId, boolean succeeded, Object outcome) {
        actionFinished(actionId, succeeded);
    }

    /**
     * A recovered run could not be settled ({@code reason}: a revert met a host that did not
     * answer): it stays unfinished, with the reverts that did succeed recorded, for a later
     * recovery to go on from.
     */
    default void actionPending(String actionId, String reason) {
    }
}
