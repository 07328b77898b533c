package org.iaasengine.libvirt.sync;

/**
 * Receives the {@link DriftEvent}s of a {@link HostMonitor}, in order, on the monitor's thread
 * (or the caller's, for an {@code initModel()} run before {@code start()}), after the model
 * change is visible. It should be quick; one that throws is logged and the others still hear.
 *
 * <pre>{@code
 * monitor.addDriftListener(drift -> events.offer(drift));
 * }</pre>
 */
@FunctionalInterface
public interface DriftListener {
    void onDrift(DriftEvent drift);
}
