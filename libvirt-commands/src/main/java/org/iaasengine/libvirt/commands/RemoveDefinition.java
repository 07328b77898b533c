package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Removes a VM's definition from the definition store. Revert writes it back.
 *
 * <pre>{@code
 * .step(new RemoveDefinition(store, "web1"))
 * }</pre>
 */
public final class RemoveDefinition implements Command<Optional<StoredDefinition>> {
    private final DefinitionStore store;
    private final String name;

    public RemoveDefinition(DefinitionStore store, String name) {
        this.store = store;
        this.name = name;
    }

    @Override
    public Optional<StoredDefinition> execute(CommandContext ctx) {
        return store.remove(name);
    }

    @Override
    public void revert(CommandContext ctx, Optional<StoredDefinition> removed) {
        removed.ifPresent(store::put);
    }

    /** Nothing to write back when the store had no definition of that name. */
    @Override
    public boolean needsRevert(Optional<StoredDefinition> removed) {
        return removed.isPresent();
    }
}
