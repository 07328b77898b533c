package org.iaasengine.libvirt.driver;

/** How to ask a guest to shut down ({@code virsh shutdown --mode}). */
public enum ShutdownMode {
    /** The hypervisor's choice. */
    DEFAULT,
    /** An ACPI power button press. */
    ACPI,
    /** The QEMU guest agent. */
    AGENT
}
