package org.iaasengine.powervm.commands;

import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a power job that failed left behind. A job whose start answer was lost runs all the same,
 * so the job a retry starts next can fail because the first one did the work (an LPAR already on
 * cannot be powered on). So after a failed PowerOn or PowerOff the LPAR is read again, and the
 * state the job was for counts as done. A cancelled job is never taken as done.
 */
final class JobOutcomes {
    private static final Logger LOG = LoggerFactory.getLogger(JobOutcomes.class);

    private JobOutcomes() {
    }

    /**
     * Returns normally when, after {@code failure} of a job meant to leave the LPAR activated
     * ({@code on}) or not, the LPAR is in that state; else throws {@code failure}.
     */
    static void acceptIfDone(PowerVmClient client, String lparUuid, boolean on, PowerVmException failure) {
        if (failure.category() == FailureCategory.CANCELLED) {
            throw failure;
        }
        LparInfo now;
        try {
            now = LparInfo.of(client.get(Paths.lpar(lparUuid), LogicalPartition.class).value());
        } catch (PowerVmException e) {
            failure.addSuppressed(e);
            throw failure;
        }
        if (now.isActivated() != on) {
            throw failure;
        }
        LOG.warn("a power {} job of LPAR {} failed ({}: {}), but the LPAR is {}: done", on ? "on" : "off", now.name(),
                failure.category(), failure.getMessage(), now.state());
    }
}
