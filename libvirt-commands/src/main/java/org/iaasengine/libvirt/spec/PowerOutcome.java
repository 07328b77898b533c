package org.iaasengine.libvirt.spec;

/** What a power action did (the {@link PowerResult} of {@code poweroff}, {@code soft_poweroff}, {@code poweron}, {@code stop}, {@code terminate}, {@code cleanup}). */
public enum PowerOutcome {
    /** poweroff: the VM ran and was destroyed. */
    POWERED_OFF,
    /** poweroff, soft_poweroff, stop: it was not running; nothing was done to it (stop still releases the host). */
    WAS_OFF,
    /** soft_poweroff: the power button was pressed; the VM is HALTING until the guest goes down. */
    ACPI_SENT,
    /** poweron: it was started. */
    POWERED_ON,
    /** poweron: it already ran. */
    WAS_ON,
    /** stop: it was shut down (gracefully or, after the grace period, forced) and its host released. */
    STOPPED,
    /** terminate: it was destroyed if it ran, undefined, its disks deleted and forgotten. */
    TERMINATED,
    /** terminate, cleanup: neither the host nor the store knew it; nothing to do. */
    WAS_GONE,
    /** cleanup: it was torn down on the host; the model and the store are as they were. */
    CLEANED_UP
}
