package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Creates and starts a transient domain from the stored definition ({@code virsh create}). Revert
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

    @Override
    public void revert(CommandContext ctx, DomainSummary result) {
        Drivers.unlessGone(() -> driver.destroy(result.name()));
    }
}
