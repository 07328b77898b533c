package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Starts a VM: a defined, inactive domain with {@code virsh start}; a transient VM that libvirt
 * forgot when it stopped, by creating it again from the definition store. A VM that already runs
 * is left as it is (result {@code false}); a paused one is a CONFLICT (resume it instead). Given the
 * host's name, a stored definition kept for another host is a CONFLICT: it is not started here.
 * Revert destroys what this command started.
 *
 * <pre>{@code
 * .step(STARTED, new StartVm(driver, store, "web1"))
 * }</pre>
 */
public final class StartVm implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final DefinitionStore store;
    private final String host;
    private final String name;

    public StartVm(LibvirtDriver driver, DefinitionStore store, String name) {
        this(driver, store, null, name);
    }

    /** Starts {@code name} on the host called {@code host} in the model and the definition store. */
    public StartVm(LibvirtDriver driver, DefinitionStore store, String host, String name) {
        this.driver = driver;
        this.store = store;
        this.host = host;
        this.name = name;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        Optional<DomainSummary> d = driver.lookup(name);
        if (d.isPresent()) {
            DomainState s = d.get().state();
            if (s == DomainState.RUNNING || s == DomainState.BLOCKED) {
                return false;
            }
            if (s == DomainState.PAUSED || s == DomainState.PMSUSPENDED) {
                throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is " + s.virshName()
                        + " on " + driver.uri() + "; resume it instead of starting it");
            }
            driver.start(name, false);
            return true;
        }
        StoredDefinition stored = store.get(name).orElseThrow(() -> CommandException.notFound(
                "vm '" + name + "' is neither defined on " + driver.uri() + " nor in the definition store"));
        if (stored.keptForAnotherHost(host)) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is not on host '" + host
                    + "': its stored definition is for host '" + stored.host() + "'; nothing was started");
        }
        driver.create(stored.domainXml(), false);
        return true;
    }

    @Override
    public void revert(CommandContext ctx, Boolean started) {
        if (started) {
            Drivers.unlessInvalidState(() -> driver.destroy(name));
        }
    }

    /** Nothing to stop when it was already running. */
    @Override
    public boolean needsRevert(Boolean started) {
        return Boolean.TRUE.equals(started);
    }
}
