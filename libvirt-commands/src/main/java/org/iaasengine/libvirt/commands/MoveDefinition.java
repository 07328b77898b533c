package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Records in the definition store that a VM now belongs to another host (after a migration).
 * Returns the previous host; revert puts it back.
 *
 * <pre>{@code
 * .step(new MoveDefinition(store, "web1", "host-b"))
 * }</pre>
 */
public final class MoveDefinition implements Command<Optional<String>> {
    private final DefinitionStore store;
    private final String name;
    private final String host;

    public MoveDefinition(DefinitionStore store, String name, String host) {
        this.store = store;
        this.name = name;
        this.host = host;
    }

    @Override
    public Optional<String> execute(CommandContext ctx) {
        Optional<StoredDefinition> d = store.get(name);
        d.ifPresent(def -> store.put(def.withHost(host)));
        return d.map(StoredDefinition::host);
    }

    @Override
    public void revert(CommandContext ctx, Optional<String> previous) {
        previous.ifPresent(h -> store.get(name).ifPresent(d -> store.put(d.withHost(h))));
    }

    /** Nothing to put back when the store had no definition, or it already named this host. */
    @Override
    public boolean needsRevert(Optional<String> previous) {
        return previous.isPresent() && !previous.get().equals(host);
    }
}
