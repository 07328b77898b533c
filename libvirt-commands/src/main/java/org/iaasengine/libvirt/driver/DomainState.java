package org.iaasengine.libvirt.driver;

/**
 * libvirt's domain states ({@code virDomainState}), with their numeric codes and the words
 * {@code virsh domstate} prints.
 */
public enum DomainState {
    NOSTATE(0, "no state"),
    RUNNING(1, "running"),
    BLOCKED(2, "idle"),
    PAUSED(3, "paused"),
    SHUTDOWN(4, "in shutdown"),
    SHUTOFF(5, "shut off"),
    CRASHED(6, "crashed"),
    PMSUSPENDED(7, "pmsuspended");

    private final int code;
    private final String virshName;

    DomainState(int code, String virshName) {
        this.code = code;
        this.virshName = virshName;
    }

    /** The {@code virDomainState} number. */
    public int code() {
        return code;
    }

    /** The word {@code virsh domstate} prints for it. */
    public String virshName() {
        return virshName;
    }

    /** The state for a {@code virDomainState} number; NOSTATE for an unknown one. */
    public static DomainState ofCode(int code) {
        for (DomainState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return NOSTATE;
    }

    /** The state for a word printed by virsh; throws naming the word if it is unknown. */
    public static DomainState ofVirshName(String name) {
        for (DomainState s : values()) {
            if (s.virshName.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown virsh domain state '" + name + "'");
    }

    /** True when a QEMU process exists for the domain. */
    public boolean isActive() {
        return this == RUNNING || this == BLOCKED || this == PAUSED || this == SHUTDOWN || this == PMSUSPENDED;
    }
}
