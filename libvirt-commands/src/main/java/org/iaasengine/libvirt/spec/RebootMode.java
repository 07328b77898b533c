package org.iaasengine.libvirt.spec;

/** How Reboot reboots. */
public enum RebootMode {
    /** Shutdown then start, as the GSN notes (works for any guest; a transient VM is created again). */
    SHUTDOWN_START,
    /** libvirt's own reboot ({@code virsh reboot}); the guest must cooperate. */
    LIBVIRT
}
