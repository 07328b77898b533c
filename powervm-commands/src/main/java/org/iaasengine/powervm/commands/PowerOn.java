package org.iaasengine.powervm.commands;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Jobs;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Powers an LPAR on (the PowerOn job). An LPAR already running is left alone (result false). A job
 * that fails while the LPAR ends up on anyway (a retry after an earlier PowerOn whose answer was
 * lost) counts as done. Revert powers off, hard, what this command powered on; so does the revert
 * of a failure after a PowerOn whose answer was lost ({@link #revertFailed}).
 *
 * <pre>{@code
 * boolean started = new PowerOn(client, Input.of(uuid), Duration.ofMinutes(5)).execute(ctx);
 * }</pre>
 */
public final class PowerOn implements Command<Boolean> {
    private static final Logger LOG = LoggerFactory.getLogger(PowerOn.class);
    private final PowerVmClient client;
    private final Input<String> uuid;
    private final Duration timeout;
    private final Map<String, String> parameters;
    /** Whether a PowerOn job of this command was started with no answer (its id unknown). */
    private volatile boolean unwatched;

    public PowerOn(PowerVmClient client, Input<String> uuid, Duration timeout) {
        this(client, uuid, timeout, Map.of());
    }

    /**
     * A PowerOn job with {@code parameters} (pypowervm's power-on options, such as
     * {@link #SMS_BOOT}: boot to the firmware's boot menu, as a rescue does).
     */
    public PowerOn(PowerVmClient client, Input<String> uuid, Duration timeout, Map<String, String> parameters) {
        this.client = Objects.requireNonNull(client, "client");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.timeout = Validate.timeout(timeout, "power on timeout");
        this.parameters = Map.copyOf(parameters);
    }

    /** The PowerOn job parameter that boots the LPAR to SMS (pypowervm's {@code BootMode.SMS}). */
    public static final Map<String, String> SMS_BOOT = Map.of("bootmode", "sms");

    @Override
    public Boolean execute(CommandContext ctx) {
        String id = uuid.resolve(ctx);
        LparInfo info = LparInfo.of(client.get(Paths.lpar(id), LogicalPartition.class).value());
        if (info.isActivated()) {
            LOG.info("LPAR {} is already {}", info.name(), info.state());
            return false;
        }
        try {
            client.runJob(Paths.lpar(id), "PowerOn", parameters, Jobs.options(ctx, timeout, "PowerOn"));
        } catch (PowerVmException e) {
            if (e.httpStatus() == 0 && e.jobStatus() == null) {
                unwatched = true; // the job may have started, its id unknown: it may power the LPAR on later
            }
            JobOutcomes.acceptIfDone(client, id, true, e);
        }
        LOG.info("powered on LPAR {}", info.name());
        return true;
    }

    @Override
    public void revert(CommandContext ctx, Boolean started) {
        if (Boolean.TRUE.equals(started)) {
            powerOff(ctx);
        }
    }

    /**
     * After a failure that followed a PowerOn whose answer never came, the job may run on and power
     * the LPAR on once the action is over: a PowerOff job is sent after it (started later, it ends
     * later), so the LPAR ends off as the model has it. Any other failure started nothing that runs on.
     */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        powerOff(ctx);
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return unwatched;
    }

    private void powerOff(CommandContext ctx) {
        String id = uuid.resolve(ctx);
        try {
            client.runJob(Paths.lpar(id), "PowerOff", PowerOffMode.VSP_HARD.parameters(),
                    Jobs.options(ctx, timeout, "PowerOff on revert"));
        } catch (PowerVmException e) {
            JobOutcomes.acceptIfDone(client, id, false, e);
        }
    }

    /** Nothing to power off when it was already running. */
    @Override
    public boolean needsRevert(Boolean started) {
        return Boolean.TRUE.equals(started);
    }
}
