package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Puts a new VM into the resource model in state CREATING, owned by the action, so that nobody
 * else creates a VM of that name or with that MAC meanwhile. Fails with CONFLICT if the model has a
 * VM of that name or that MAC. Revert removes it again.
 *
 * <pre>{@code
 * .step(new RegisterVm(model, placeholder))
 * }</pre>
 */
public final class RegisterVm implements Command<Vm> {
    private final ResourceModel model;
    private final Vm vm;

    public RegisterVm(ResourceModel model, Vm vm) {
        this.model = model;
        this.vm = vm;
    }

    @Override
    public Vm execute(CommandContext ctx) {
        Vm placeholder = vm.withState(VmState.CREATING).withOwner(ctx.actionId());
        model.update(m -> {
            if (m.vm(vm.name()).isPresent()) {
                throw new CommandException(FailureCategory.CONFLICT, "vm '" + vm.name() + "' already exists in the model");
            }
            for (Vm other : m.vms()) {
                for (String mac : vm.macs()) {
                    if (other.macs().contains(mac)) {
                        throw new CommandException(FailureCategory.CONFLICT,
                                "mac " + mac + " is already used by vm '" + other.name() + "'");
                    }
                }
            }
            m.putVm(placeholder);
        });
        return placeholder;
    }

    @Override
    public void revert(CommandContext ctx, Vm placeholder) {
        model.update(m -> m.vm(placeholder.name())
                .filter(v -> ctx.actionId().equals(v.owner()))
                .ifPresent(v -> m.removeVm(v.name())));
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
