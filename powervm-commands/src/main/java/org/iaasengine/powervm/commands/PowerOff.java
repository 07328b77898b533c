package org.iaasengine.powervm.commands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.powervm.rest.Jobs;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffResult;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Powers an LPAR off (the PowerOff job) starting at a {@link PowerOffMode} and, when escalation is
 * on, moving to the next harsher mode whenever one fails or passes its stage timeout: OS normal →
 * OS immediate → VSP normal → VSP hard, skipping the OS modes when RMC is not active (as pypowervm's
 * progressive power off). An LPAR already off is left alone; a stage that fails while the LPAR ends
 * up off anyway (a job whose start answer was lost ran all the same) counts as done. Revert powers
 * the LPAR on again if this command powered it off and {@code restoreOnRevert} is set.
 *
 * <pre>{@code
 * PowerOffResult r = new PowerOff(client, Input.of(uuid), PowerOffMode.OS_NORMAL, true,
 *         Duration.ofMinutes(2), true).execute(ctx);
 * }</pre>
 */
public final class PowerOff implements Command<PowerOffResult> {
    private static final Logger LOG = LoggerFactory.getLogger(PowerOff.class);

    private final PowerVmClient client;
    private final Input<String> uuid;
    private final PowerOffMode start;
    private final boolean escalate;
    private final Duration stageTimeout;
    private final boolean restoreOnRevert;

    public PowerOff(PowerVmClient client, Input<String> uuid, PowerOffMode start, boolean escalate,
            Duration stageTimeout, boolean restoreOnRevert) {
        this.client = Objects.requireNonNull(client, "client");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.start = Objects.requireNonNull(start, "start");
        this.escalate = escalate;
        this.stageTimeout = Validate.timeout(stageTimeout, "power off stage timeout");
        this.restoreOnRevert = restoreOnRevert;
    }

    @Override
    public PowerOffResult execute(CommandContext ctx) {
        String id = uuid.resolve(ctx);
        if (id == null) {
            return new PowerOffResult(null, false, null);
        }
        LparInfo info = LparInfo.of(client.get(Paths.lpar(id), LogicalPartition.class).value());
        if (!info.isActivated()) {
            return new PowerOffResult(id, false, null);
        }
        return new PowerOffResult(id, true, runSequence(client, ctx, info, start, escalate, stageTimeout,
                false));
    }

    @Override
    public void revert(CommandContext ctx, PowerOffResult result) {
        if (restoreOnRevert && result.wasRunning()) {
            try {
                client.runJob(Paths.lpar(result.lparUuid()), "PowerOn", Map.of(),
                        Jobs.options(ctx, stageTimeout, "PowerOn on revert"));
            } catch (PowerVmException e) {
                JobOutcomes.acceptIfDone(client, result.lparUuid(), true, e);
            }
        }
    }

    /** Only an LPAR this command powered off, and only when it is to be powered on again. */
    @Override
    public boolean needsRevert(PowerOffResult result) {
        return restoreOnRevert && result.wasRunning();
    }

    @Override
    public String name() {
        return "PowerOff(" + start + (escalate ? "+" : "") + ")";
    }

    /**
     * The PowerOff job run with pypowervm's escalation: each failed or timed-out mode moves to the
     * next (RestartLpar runs it too, with {@code restart}). The stages are the attempts of a
     * {@link Retry} without waits, one per mode, through {@link Poll#retryWhile}: a failure asks for
     * the next stage unless the action was cancelled or no stage is left.
     */
    static PowerOffMode runSequence(PowerVmClient client, CommandContext ctx, LparInfo lpar, PowerOffMode start,
            boolean escalate, Duration stageTimeout, boolean restart) {
        List<PowerOffMode> stages = stages(start, lpar, escalate);
        Retry escalation = Retry.builder().maxAttempts(stages.size()).fixedDelay(Duration.ZERO).jitter(0).build();
        int[] stage = new int[1];
        PowerVmException[] last = new PowerVmException[1];
        try {
            return Poll.retryWhile(() -> {
                PowerOffMode mode = stages.get(stage[0]++);
                if (last[0] != null) {
                    LOG.warn("power off of LPAR {} with {} failed ({}: {}); escalating to {}", lpar.name(),
                            stages.get(stage[0] - 2), last[0].category(), last[0].getMessage(), mode);
                }
                Map<String, String> params = new HashMap<>(mode.parameters());
                if (restart) {
                    params.put("restart", "true");
                }
                try {
                    client.runJob(Paths.lpar(lpar.uuid()), "PowerOff", params,
                            Jobs.options(ctx, stageTimeout, "PowerOff " + mode));
                } catch (PowerVmException e) {
                    last[0] = e;
                    if (restart) {
                        throw e;
                    }
                    JobOutcomes.acceptIfDone(client, lpar.uuid(), false, e); // an earlier stage's job did it
                }
                LOG.info("LPAR {} {} with {}", lpar.name(), restart ? "restarted" : "powered off", mode);
                return mode;
            }, (mode, failure) -> failure instanceof PowerVmException e && stage[0] < stages.size()
                    && e.category() != FailureCategory.CANCELLED && !ctx.isCancelled(),
                    escalation, ctx.scheduler(), ctx);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(FailureCategory.CANCELLED, "power off of LPAR " + lpar.name()
                    + " was interrupted", e);
        }
    }

    /** The modes to try in order: {@code start}, then (escalating) each harsher one, OS modes only with RMC. */
    private static List<PowerOffMode> stages(PowerOffMode start, LparInfo lpar, boolean escalate) {
        List<PowerOffMode> stages = new ArrayList<>();
        stages.add(skipWithoutRmc(start, lpar, escalate));
        while (escalate && stages.get(stages.size() - 1).next() != null) {
            stages.add(skipWithoutRmc(stages.get(stages.size() - 1).next(), lpar, true));
        }
        return stages;
    }

    private static PowerOffMode skipWithoutRmc(PowerOffMode mode, LparInfo lpar, boolean escalate) {
        PowerOffMode m = mode;
        while (escalate && m.needsRmc() && !lpar.rmcActive()) {
            m = m.next();
        }
        return m;
    }
}
