package org.iaasengine.core;

import java.util.concurrent.CompletableFuture;

/**
 * A submitted action: its id, its future, and a way to cancel it.
 *
 * <pre>{@code
 * ActionHandle<Vm> h = engine.submit(create);
 * h.future().whenComplete((vm, err) -> ...);
 * h.cancel();   // reverts what ran; the future then fails with category CANCELLED
 * }</pre>
 *
 * @param <R> the action's result type
 */
public interface ActionHandle<R> {
    /** The run's id (correlation id of its events). */
    String id();

    /** The plan being run. */
    Action<R> action();

    /**
     * Completes with the action's result, or exceptionally with an {@link ActionFailedException}
     * once every revert has run.
     */
    CompletableFuture<R> future();

    /**
     * Cancels the action: a queued action never starts; a running one is interrupted, and what ran
     * is reverted. Returns false if the action had already finished.
     */
    boolean cancel();

    /** Waits for the result; throws {@link ActionFailedException} on failure. */
    default R join() {
        try {
            return future().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof ActionFailedException f) {
                throw f;
            }
            throw e;
        }
    }
}
