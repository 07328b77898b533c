package org.iaasengine.model;

/**
 * The state of a VM as the model knows it. Stable states mirror the hypervisor; transitional
 * states are set by an action that owns the VM, and a sync does not overwrite them until that
 * action ends.
 */
public enum VmState {
    RUNNING, PAUSED, SHUTOFF, CRASHED,
    CREATING(true), STARTING(true), STOPPING(true), SUSPENDING(true), RESUMING(true), REBOOTING(true),
    MIGRATING(true), DELETING(true), BACKING_UP(true),
    UNKNOWN;

    private final boolean transitional;

    VmState() {
        this(false);
    }

    VmState(boolean transitional) {
        this.transitional = transitional;
    }

    /** True for states an action sets while it works on the VM. */
    public boolean isTransitional() {
        return transitional;
    }
}
