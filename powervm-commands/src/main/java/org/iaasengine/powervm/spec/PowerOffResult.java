package org.iaasengine.powervm.spec;

/**
 * What {@link PowerOff} did.
 *
 * <pre>{@code
 * PowerOffResult r = results.get(OFF);
 * if (r.wasRunning()) log.info("stopped with {}", r.mode());
 * }</pre>
 *
 * @param lparUuid   the LPAR
 * @param wasRunning whether it was running (false: it was already off, nothing was done)
 * @param mode       the mode that powered it off, or null when it was already off
 */
public record PowerOffResult(String lparUuid, boolean wasRunning, PowerOffMode mode) {
}
