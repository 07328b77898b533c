package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Claims a VM in the resource model for the action, in a transitional state (STOPPING,
 * MIGRATING...) that a sync leaves alone while the action runs. The claim is refused (CONFLICT,
 * naming both hosts) when the model places the VM on another host than the action's, in the same
 * atomic update, so nothing changes. Returns the VM as it was; revert puts it back as it was and
 * releases it.
 *
 * <pre>{@code
 * .step(BEFORE, new ClaimVm(model, "host-a", "web1", VmState.STOPPING))
 * }</pre>
 */
public final class ClaimVm implements Command<Vm> {
    private final ResourceModel model;
    private final String host;
    private final String name;
    private final VmState transitional;
    private final boolean optional;

    /** Claims {@code name} on {@code host} ({@code null}: on any host). */
    public ClaimVm(ResourceModel model, String host, String name, VmState transitional) {
        this(model, host, name, transitional, false);
    }

    private ClaimVm(ResourceModel model, String host, String name, VmState transitional, boolean optional) {
        this.model = model;
        this.host = host;
        this.name = name;
        this.transitional = transitional;
        this.optional = optional;
    }

    /**
     * A claim that is skipped (result {@code null}) when the model does not know the VM: for
     * actions that also work on VMs the model has not seen, such as Delete.
     */
    public static ClaimVm ifPresent(ResourceModel model, String host, String name, VmState transitional) {
        return new ClaimVm(model, host, name, transitional, true);
    }

    @Override
    public Vm execute(CommandContext ctx) {
        if (optional && model.vm(name).isEmpty()) {
            return null;
        }
        return model.claim(name, host, ctx.actionId(), transitional);
    }

    @Override
    public void revert(CommandContext ctx, Vm before) {
        if (before != null) {
            model.release(name, ctx.actionId(), v -> before.withOwner(null));
        }
    }

    /** Nothing to give back when the VM was not in the model (an {@link #ifPresent} claim that was skipped). */
    @Override
    public boolean needsRevert(Vm before) {
        return before != null;
    }
}
