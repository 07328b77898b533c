package org.iaasengine.model;

/**
 * Receives model changes, in order, on the writer's thread while the model is locked for that
 * write: it must be quick. A listener that throws is logged and ignored.
 *
 * <pre>{@code
 * model.addListener(change -> queue.offer(change));
 * }</pre>
 */
@FunctionalInterface
public interface ModelListener {
    void onChange(ModelChange change);
}
