package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;

/**
 * Records the IP address the cloud manager assigned to a VM, in the model and in the definition
 * store (GSN SetVMIP). Returns the previous address; revert restores it.
 *
 * <pre>{@code
 * .step(PREVIOUS, new SetIp(model, store, "web1", "10.0.0.5"))
 * }</pre>
 */
public final class SetIp implements Command<Optional<String>> {
    private final ResourceModel model;
    private final DefinitionStore store;
    private final String name;
    private final String ip;

    public SetIp(ResourceModel model, DefinitionStore store, String name, String ip) {
        this.model = model;
        this.store = store;
        this.name = name;
        this.ip = ip;
    }

    @Override
    public Optional<String> execute(CommandContext ctx) {
        String[] previous = new String[1];
        model.update(m -> {
            var vm = m.vm(name).orElseThrow(() -> CommandException.notFound("vm '" + name + "' is not in the model"));
            previous[0] = vm.ip();
            m.putVm(vm.withIp(ip));
        });
        store.get(name).ifPresent(d -> store.put(d.withIp(ip)));
        return Optional.ofNullable(previous[0]);
    }

    @Override
    public void revert(CommandContext ctx, Optional<String> previous) {
        model.update(m -> m.vm(name).ifPresent(vm -> m.putVm(vm.withIp(previous.orElse(null)))));
        store.get(name).ifPresent(d -> store.put(d.withIp(previous.orElse(null))));
    }

    /** Nothing to restore when the VM already had this address. */
    @Override
    public boolean needsRevert(Optional<String> previous) {
        return !previous.equals(Optional.ofNullable(ip));
    }
}
