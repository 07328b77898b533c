package org.iaasengine.core;

/**
 * Called once after a failed action has reverted what it could, for example to re-read the VM's
 * real state into the model when a revert failed. Its own failure is logged, never thrown.
 */
@FunctionalInterface
public interface FailureHook {
    /** Handles the failure; {@code failure} lists what was reverted and what could not be. */
    void onFailure(ActionFailedException failure, CommandContext results) throws Exception;
}
