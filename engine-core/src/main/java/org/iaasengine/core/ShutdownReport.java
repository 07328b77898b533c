package org.iaasengine.core;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * What {@link Engine#close(java.time.Duration)} did: how many actions finished while draining, and
 * which it abandoned (cancelled and reverted, or still stuck when the grace time ran out).
 *
 * @param drained   actions that finished on their own while the engine drained
 * @param abandoned actions the engine gave up on
 */
public record ShutdownReport(int drained, List<Abandoned> abandoned) {
    public ShutdownReport {
        abandoned = ImmutableList.copyOf(abandoned);
    }

    /** True when nothing was abandoned. */
    public boolean clean() {
        return abandoned.isEmpty();
    }

    /**
     * One abandoned action.
     *
     * @param actionId    the run's id
     * @param actionName  the action's name
     * @param resourceKey its resource key
     * @param wasRunning  true if it had started (so it was cancelled and reverted), false if it was
     *                    still queued
     * @param finished    true if its revert finished within the grace time
     */
    public record Abandoned(String actionId, String actionName, String resourceKey, boolean wasRunning,
            boolean finished) {
    }
}
