package org.iaasengine.model;

/**
 * Whether the host runs a VM now, beside its {@link VmState} (Wakame's instance {@code status}
 * beside its {@code state}): a VM in a transitional state such as {@link VmState#HALTING} or
 * {@link VmState#STOPPING} is ONLINE until the host reports it off. The instance monitor keeps it
 * true to the host.
 *
 * <pre>{@code
 * if (vm.status() == VmStatus.OFFLINE && vm.state() == VmState.HALTING) { ... }   // off, not yet recorded halted
 * }</pre>
 */
public enum VmStatus {
    /** The host runs it (running, paused, suspended to memory). */
    ONLINE,
    /** The host does not run it (shut off, crashed, gone). */
    OFFLINE,
    /** Not known (a VM being created, a host that could not be read). */
    UNKNOWN;

    /** The status a VM in stable state {@code s} has; UNKNOWN for a transitional or unknown state. */
    public static VmStatus of(VmState s) {
        return switch (s) {
            case RUNNING, PAUSED -> ONLINE;
            case SHUTOFF, CRASHED -> OFFLINE;
            default -> UNKNOWN;
        };
    }
}
