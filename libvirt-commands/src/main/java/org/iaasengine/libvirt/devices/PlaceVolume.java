package org.iaasengine.libvirt.devices;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Volume;
import org.iaasengine.model.VolumeState;

/**
 * Puts a new volume into the model, CREATING and owned by the action, before its file is made: a
 * second volume of that id is a CONFLICT, so two creates of one id cannot both write its file.
 * Revert removes the placeholder (if the action still owns it).
 *
 * <pre>{@code
 * .step(PLACED, new PlaceVolume(model, placeholder))
 * }</pre>
 */
public final class PlaceVolume implements Command<Volume> {
    private final ResourceModel model;
    private final Volume placeholder;

    /** {@code placeholder}: the volume as it will be (state and owner are set here). */
    public PlaceVolume(ResourceModel model, Volume placeholder) {
        this.model = model;
        this.placeholder = placeholder;
    }

    @Override
    public Volume execute(CommandContext ctx) {
        Volume mine = placeholder.withState(VolumeState.CREATING).withOwner(ctx.actionId());
        model.update(m -> {
            m.volume(placeholder.id()).ifPresent(v -> {
                throw new CommandException(FailureCategory.CONFLICT, "volume '" + v.id() + "' already exists ("
                        + v.state() + (v.isAttached() ? ", attached to vm '" + v.vm() + "'" : "") + ")");
            });
            m.putVolume(mine);
        });
        return mine;
    }

    @Override
    public void revert(CommandContext ctx, Volume placed) {
        model.update(m -> m.volume(placed.id()).filter(v -> ctx.actionId().equals(v.owner()))
                .ifPresent(v -> m.removeVolume(v.id())));
    }

    @Override
    public boolean effects() {
        return false;
    }
}
