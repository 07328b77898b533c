package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Defines a persistent domain from the stored definition ({@code virsh define}); when the call fails
 * but the domain was defined all the same (a lost reply), the engine's revert of the failed step
 * undefines it. Revert undefines it (a later step's revert has stopped it first).
 *
 * <pre>{@code
 * .step(DOMAIN, new DefineVm(driver, DEFINITION))
 * }</pre>
 */
public final class DefineVm implements Command<DomainSummary> {
    private final LibvirtDriver driver;
    private final Key<StoredDefinition> definition;

    public DefineVm(LibvirtDriver driver, Key<StoredDefinition> definition) {
        this.driver = driver;
        this.definition = definition;
    }

    @Override
    public DomainSummary execute(CommandContext ctx) {
        return driver.define(ctx.get(definition).domainXml());
    }

    /** A define whose reply was lost may have defined the domain: undefine it if it is ours. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return Drivers.mayHaveMade(failure);
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        Drivers.removeIfMade(driver, ctx.get(definition), ctx);
    }

    @Override
    public void revert(CommandContext ctx, DomainSummary result) {
        Drivers.unlessInvalidState(() -> driver.destroy(result.name()));
        Drivers.unlessGone(() -> driver.undefine(result.name()));
    }
}
