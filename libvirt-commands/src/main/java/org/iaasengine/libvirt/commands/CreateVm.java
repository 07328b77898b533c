package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Creates and starts a transient domain from the stored definition ({@code virsh create}); when the
 * call fails but the domain was made all the same (a lost reply), it is destroyed before the failure
 * is passed on. Revert
 * destroys it (a transient domain is then gone).
 *
 * <pre>{@code
 * .step(DOMAIN, new CreateVm(driver, DEFINITION))
 * }</pre>
 */
public final class CreateVm implements Command<DomainSummary> {
    private final LibvirtDriver driver;
    private final Key<StoredDefinition> definition;

    public CreateVm(LibvirtDriver driver, Key<StoredDefinition> definition) {
        this.driver = driver;
        this.definition = definition;
    }

    @Override
    public DomainSummary execute(CommandContext ctx) {
        return driver.create(ctx.get(definition).domainXml(), false);
    }

    /** A create whose reply was lost may have started the domain: destroy it if it is ours. */
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
        Drivers.unlessGone(() -> driver.destroy(result.name()));
    }
}
