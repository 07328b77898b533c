package org.iaasengine.model;

/**
 * The state of a {@link Volume} as the model knows it. AVAILABLE and ATTACHED are stable; the
 * others are set by the action that owns the volume while it works on it.
 */
public enum VolumeState {
    /** Made, attached to no VM. */
    AVAILABLE,
    /** Being hot-plugged into a VM. */
    ATTACHING(true),
    /** Seen by its VM's guest as its target device. */
    ATTACHED,
    /** Asked out of its VM; still attached until libvirt reports the device removed. */
    DETACHING(true),
    /** Being made (its file written). */
    CREATING(true),
    /** Its file being removed. */
    DELETING(true);

    private final boolean transitional;

    VolumeState() {
        this(false);
    }

    VolumeState(boolean transitional) {
        this.transitional = transitional;
    }

    /** True for the states an action sets while it works on the volume. */
    public boolean isTransitional() {
        return transitional;
    }
}
