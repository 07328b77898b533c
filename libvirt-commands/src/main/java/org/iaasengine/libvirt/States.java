package org.iaasengine.libvirt;

import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.model.VmState;

/** Maps libvirt's domain states to the model's VM states. */
public final class States {
    private States() {
    }

    /** The model state for a libvirt state. */
    public static VmState toModel(DomainState s) {
        return switch (s) {
            case RUNNING, BLOCKED, SHUTDOWN -> VmState.RUNNING;
            case PAUSED, PMSUSPENDED -> VmState.PAUSED;
            case SHUTOFF -> VmState.SHUTOFF;
            case CRASHED -> VmState.CRASHED;
            case NOSTATE -> VmState.UNKNOWN;
        };
    }
}
