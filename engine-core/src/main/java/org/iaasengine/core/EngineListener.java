package org.iaasengine.core;


/**
 * Receives the engine's events. Called on the thread that runs the action, so it must be quick; a
 * listener that throws is logged and does not disturb the action or the other listeners.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().listener(e -> log.info("{}", e)).build();
 * }</pre>
 */
@FunctionalInterface
public interface EngineListener {
    /** Handles one event. */
    void onEvent(EngineEvent event);
}
