package org.iaasengine.libvirt.devices;

import java.util.function.Predicate;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Volume;
import org.iaasengine.model.VolumeState;

/**
 * Claims a volume in the model for the action ({@link ResourceModel#claimVolume}) in a
 * transitional state, after checking that it is on the action's host and in the form the action
 * needs ({@code expected}, whose refusal is a CONFLICT with {@code why} in the message). Returns
 * the volume as it was; revert gives it back in that form.
 *
 * <pre>{@code
 * .step(VOLUME, new ClaimVolume(model, "host-a", "data1", VolumeState.ATTACHING,
 *         v -> !v.isAttached(), "it is attached"))
 * }</pre>
 */
public final class ClaimVolume implements Command<Volume> {
    private final ResourceModel model;
    private final String host;
    private final String id;
    private final VolumeState transitional;
    private final Predicate<Volume> expected;
    private final java.util.function.Function<Volume, String> why;

    public ClaimVolume(ResourceModel model, String host, String id, VolumeState transitional,
            Predicate<Volume> expected, java.util.function.Function<Volume, String> why) {
        this.model = model;
        this.host = host;
        this.id = id;
        this.transitional = transitional;
        this.expected = expected;
        this.why = why;
    }

    @Override
    public Volume execute(CommandContext ctx) {
        Volume[] before = new Volume[1];
        model.update(m -> {
            Volume v = m.volume(id).orElseThrow(() -> CommandException.notFound("volume '" + id + "' is not in the model"));
            if (!host.equals(v.host())) {
                throw new CommandException(FailureCategory.CONFLICT, "volume '" + id + "' is on host '" + v.host()
                        + "', not on host '" + host + "'; nothing was done");
            }
            if (v.owner() != null && !v.owner().equals(ctx.actionId())) {
                throw new CommandException(FailureCategory.CONFLICT,
                        "volume '" + id + "' is owned by action " + v.owner() + " (" + v.state() + ")");
            }
            if (!expected.test(v)) {
                throw new CommandException(FailureCategory.CONFLICT, "volume '" + id + "' " + why.apply(v)
                        + "; nothing was done");
            }
            before[0] = v;
            m.putVolume(v.withState(transitional).withOwner(ctx.actionId()));
        });
        return before[0];
    }

    @Override
    public void revert(CommandContext ctx, Volume before) {
        model.releaseVolume(id, ctx.actionId(), current -> before);
    }

    /** It only changes this process's model: nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
