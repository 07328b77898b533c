package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Reads a VM's definition: from the definition store when the library created it, otherwise from
 * libvirt ({@code dumpxml --inactive --security-info}) for a VM the library adopted, with its
 * passwords, so that it can be defined again as it was.
 *
 * <pre>{@code
 * .step(DEFINITION, new ReadDefinition(driver, store, "host-a", "web1"))
 * }</pre>
 */
public final class ReadDefinition implements Command<StoredDefinition> {
    private final LibvirtDriver driver;
    private final DefinitionStore store;
    private final String host;
    private final String name;

    public ReadDefinition(LibvirtDriver driver, DefinitionStore store, String host, String name) {
        this.driver = driver;
        this.store = store;
        this.host = host;
        this.name = name;
    }

    @Override
    public StoredDefinition execute(CommandContext ctx) {
        Optional<StoredDefinition> stored = store.get(name);
        if (stored.isPresent()) {
            return stored.get();
        }
        DomainSummary d = driver.lookup(name).orElseThrow(() -> CommandException.notFound(
                "vm '" + name + "' is neither on " + driver.uri() + " nor in the definition store"));
        return new StoredDefinition(name, d.uuid(), host, d.persistent() ? Lifecycle.PERSISTENT : Lifecycle.TRANSIENT,
                null, null, null, driver.dumpXml(name, true));
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
