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
    /**
     * A soft power-off was sent and the guest is going down on its own (Wakame's {@code halting}):
     * no action owns the VM; a sync keeps this state while the host still runs the VM, and the
     * host's "off" ends it. The instance monitor recovers one left here past its deadline.
     */
    HALTING(true),
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
