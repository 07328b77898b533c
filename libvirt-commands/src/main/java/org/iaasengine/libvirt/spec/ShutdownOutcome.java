package org.iaasengine.libvirt.spec;

/** How a shutdown ended. */
public enum ShutdownOutcome {
    /** The guest shut itself down after the ACPI request. */
    GRACEFUL,
    /** The guest did not stop within the deadline and was destroyed. */
    FORCED,
    /** It was not running. */
    ALREADY_OFF
}
