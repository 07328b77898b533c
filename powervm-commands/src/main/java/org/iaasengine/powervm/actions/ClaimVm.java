package org.iaasengine.powervm.actions;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.commands.Input;
import org.iaasengine.powervm.commands.LparInfo;

/**
 * Claims a VM in the resource model for the running action with a transitional state (first
 * observing it from the LPAR if the model does not know it yet). Returns the {@link Claim} (the VM
 * as it was and the owner id); revert gives the VM back that form. A null LPAR input with no VM in the model claims nothing (null).
 *
 * <pre>{@code
 * builder.step(CLAIM, new ClaimVm(model, "sys-a", "web1", VmState.STARTING, Input.from(FIND)));
 * }</pre>
 */
public final class ClaimVm implements Command<Claim> {
    private final ResourceModel model;
    private final String host;
    private final String vmName;
    private final VmState state;
    private final Input<LparInfo> lpar;

    public ClaimVm(ResourceModel model, String host, String vmName, VmState state, Input<LparInfo> lpar) {
        this.model = Objects.requireNonNull(model, "model");
        this.host = host;
        this.vmName = Objects.requireNonNull(vmName, "vmName");
        this.state = Objects.requireNonNull(state, "state");
        this.lpar = Objects.requireNonNull(lpar, "lpar");
    }

    @Override
    public Claim execute(CommandContext ctx) {
        LparInfo info = lpar.resolve(ctx);
        if (model.vm(vmName).isEmpty()) {
            if (info == null) {
                return null;
            }
            model.observe(LparStates.toVm(info, host));
        }
        return new Claim(model.claim(vmName, ctx.actionId(), state), ctx.actionId());
    }

    @Override
    public void revert(CommandContext ctx, Claim claim) {
        if (claim != null) {
            claim.release(model, current -> claim.before());
        }
    }

    /** Nothing to give back when nothing was claimed. */
    @Override
    public boolean needsRevert(Claim claim) {
        return claim != null;
    }

    @Override
    public String name() {
        return "ClaimVm(" + vmName + " " + state + ")";
    }
}
