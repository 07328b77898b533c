package org.iaasengine.powervm.spec;

import java.util.Map;

/**
 * The ways to power off an LPAR, mildest first, and the PowerOff job parameters of each. Escalation
 * (as pypowervm does) moves to the next mode when one fails or times out; the OS modes need an
 * active RMC connection and are skipped without one.
 *
 * <pre>{@code
 * PowerOffMode.OS_NORMAL.next();   // OS_IMMEDIATE
 * }</pre>
 */
public enum PowerOffMode {
    /** Shutdown by the operating system, normal ({@code operation=osshutdown}). */
    OS_NORMAL(Map.of("operation", "osshutdown")),
    /** Shutdown by the operating system, immediate ({@code operation=osshutdown, immediate=true}). */
    OS_IMMEDIATE(Map.of("operation", "osshutdown", "immediate", "true")),
    /** Shutdown by the virtual service processor, delayed ({@code operation=shutdown}). */
    VSP_NORMAL(Map.of("operation", "shutdown")),
    /** Hard shutdown by the virtual service processor ({@code operation=shutdown, immediate=true}). */
    VSP_HARD(Map.of("operation", "shutdown", "immediate", "true"));

    private final Map<String, String> parameters;

    PowerOffMode(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** The PowerOff job parameters of this mode. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** True for the modes that need the OS (and so an active RMC connection). */
    public boolean needsRmc() {
        return this == OS_NORMAL || this == OS_IMMEDIATE;
    }

    /** The next harsher mode, or null after VSP_HARD. */
    public PowerOffMode next() {
        return this == VSP_HARD ? null : values()[ordinal() + 1];
    }
}
