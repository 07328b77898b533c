package org.iaasengine.core.spi;

import org.iaasengine.core.Action;

/**
 * The one place through which every step's start, result and revert passes, so that a durable
 * journal can record an action in flight and resume or revert it after the host application
 * restarts. The default does nothing. Called on the action's thread, in order, for one run.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().journal(myJournal).build();
 * }</pre>
 */
public interface Journal {
    /** A journal that records nothing. */
    Journal NONE = new Journal() {
    };

    /** An action run started; {@code action.request()} is its request as data. */
    default void actionStarted(String actionId, Action<?> action) {
    }

    /** Step {@code index} succeeded with {@code result}. */
    default void stepSucceeded(String actionId, int index, String step, Object result) {
    }

    /**
     * Step {@code index}'s revert finished ({@code ok} false when it failed). Not called for a step
     * that had nothing to undo ({@link org.iaasengine.core.Command#needsRevert} false): its revert
     * does not run.
     */
    default void stepReverted(String actionId, int index, String step, boolean ok) {
    }

    /** The run finished. */
    default void actionFinished(String actionId, boolean succeeded) {
    }
}
