package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Starts a VM from a definition read on another host (a non-live migration's destination): creates
 * it (transient) or defines and starts it (persistent). Revert destroys it, and undefines it when it
 * is persistent; after a failed attempt, whatever it made is removed the same way.
 *
 * <pre>{@code
 * .step(ON_DESTINATION, new StartOnDestination(to.driver(), DEFINITION))
 * }</pre>
 */
public final class StartOnDestination implements Command<DomainSummary> {
    private final LibvirtDriver driver;
    private final Key<StoredDefinition> definition;

    public StartOnDestination(LibvirtDriver driver, Key<StoredDefinition> definition) {
        this.driver = driver;
        this.definition = definition;
    }

    @Override
    public DomainSummary execute(CommandContext ctx) {
        StoredDefinition d = ctx.get(definition);
        if (d.lifecycle() == Lifecycle.TRANSIENT) {
            return driver.create(d.domainXml(), false);
        }
        DomainSummary defined = driver.define(d.domainXml());
        driver.start(d.name(), false);
        return defined;
    }

    /**
     * A create, define or start that failed may have acted all the same (a lost reply), or the
     * define succeeded and the start failed: whatever of ours is on the destination is destroyed
     * and undefined, so that the VM never runs on both hosts once the source's revert restarts it.
     */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return Drivers.mayHaveMade(failure);
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        Drivers.removeIfMade(driver, ctx.get(definition), ctx);
    }

    /**
     * Destroys it (a domain that is not running, or gone, counts as done; any other failure is
     * thrown, before the undefine: undefining a running persistent domain would only make it
     * transient), then undefines it when it is persistent.
     */
    @Override
    public void revert(CommandContext ctx, DomainSummary result) {
        Drivers.unlessInvalidState(() -> driver.destroy(result.name()));
        if (driver.lookup(result.name()).map(DomainSummary::persistent).orElse(false)) {
            Drivers.unlessGone(() -> driver.undefine(result.name()));
        }
    }
}
