package org.iaasengine.bench;

import java.util.Objects;

/**
 * One line of the result table: a scenario, our side and the peer's side, and the target on the
 * ratio. The ratio is always {@code peer median / ours median}: how many times cheaper (faster,
 * smaller) ours is; above 1 ours wins.
 *
 * @param scenario  what was measured, e.g. {@code 3a fast ops: libvirt-java driver vs plain virsh script}
 * @param ours      our samples
 * @param oursName  what ran on our side
 * @param peer      the peer's samples, or null when the scenario has no peer
 * @param peerName  what ran on the peer's side, or null
 * @param minRatio  the target on peer/ours, or NaN when there is none
 * @param note      a short remark printed under the table, or null
 */
public record Row(String scenario, String oursName, Samples ours, String peerName, Samples peer, double minRatio,
        String note) {

    public Row {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(ours, "ours");
    }

    /** A row with no target. */
    public static Row info(String scenario, String oursName, Samples ours, String peerName, Samples peer,
            String note) {
        return new Row(scenario, oursName, ours, peerName, peer, Double.NaN, note);
    }

    public boolean hasRatio() {
        return peer != null && !peer.isEmpty() && !ours.isEmpty() && ours.median() > 0;
    }

    public double ratio() {
        return hasRatio() ? peer.median() / ours.median() : Double.NaN;
    }

    public boolean hasTarget() {
        return !Double.isNaN(minRatio);
    }

    /** "met", "MISSED" or "" when there is no target. */
    public String verdict() {
        if (!hasTarget()) {
            return "";
        }
        if (!hasRatio()) {
            return "NOT MEASURED";
        }
        return ratio() >= minRatio ? "met" : "MISSED";
    }
}
