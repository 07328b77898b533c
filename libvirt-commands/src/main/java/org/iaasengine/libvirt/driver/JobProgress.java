package org.iaasengine.libvirt.driver;

/**
 * Progress of a domain's running job (a migration), as {@code virsh domjobinfo} shows it.
 *
 * @param elapsedMillis  time since the job started
 * @param dataTotal      bytes to move in all
 * @param dataProcessed  bytes moved
 * @param dataRemaining  bytes left
 */
public record JobProgress(long elapsedMillis, long dataTotal, long dataProcessed, long dataRemaining) {
    /** The share done, 0.0 to 1.0 (0 when the total is not known yet). */
    public double fraction() {
        return dataTotal <= 0 ? 0.0 : Math.min(1.0, (double) dataProcessed / dataTotal);
    }
}
