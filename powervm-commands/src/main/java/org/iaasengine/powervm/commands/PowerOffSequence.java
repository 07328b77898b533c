package org.iaasengine.powervm.commands;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The PowerOff job run with pypowervm's escalation: each failed or timed-out mode moves to the next. */
final class PowerOffSequence {
    private static final Logger LOG = LoggerFactory.getLogger(PowerOffSequence.class);

    private PowerOffSequence() {
    }

    /** Runs PowerOff from {@code start}; returns the mode that worked. */
    static PowerOffMode run(PowerVmClient client, CommandContext ctx, LparInfo lpar, PowerOffMode start,
            boolean escalate, Duration stageTimeout, boolean restart) {
        PowerOffMode mode = skipWithoutRmc(start, lpar, escalate);
        while (true) {
            Map<String, String> params = new HashMap<>(mode.parameters());
            if (restart) {
                params.put("restart", "true");
            }
            try {
                client.runJob(Paths.lpar(lpar.uuid()), "PowerOff", params,
                        Jobs.options(ctx, stageTimeout, "PowerOff " + mode));
                LOG.info("LPAR {} {} with {}", lpar.name(), restart ? "restarted" : "powered off", mode);
                return mode;
            } catch (PowerVmException e) {
                PowerOffMode next = mode.next();
                if (!escalate || next == null || e.category() == FailureCategory.CANCELLED || ctx.isCancelled()) {
                    throw e;
                }
                next = skipWithoutRmc(next, lpar, true);
                LOG.warn("power off of LPAR {} with {} failed ({}: {}); escalating to {}", lpar.name(), mode,
                        e.category(), e.getMessage(), next);
                mode = next;
            }
        }
    }

    private static PowerOffMode skipWithoutRmc(PowerOffMode mode, LparInfo lpar, boolean escalate) {
        PowerOffMode m = mode;
        while (escalate && m.needsRmc() && !lpar.rmcActive()) {
            m = m.next();
        }
        return m;
    }
}
