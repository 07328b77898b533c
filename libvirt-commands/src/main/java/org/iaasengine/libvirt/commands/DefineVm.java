package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Defines a persistent domain from the stored definition ({@code virsh define}); when the call fails
 * but the domain was defined all the same (a lost reply), it is undefined before the failure is
 * passed on. Revert undefines
 * it (a later step's revert has stopped it first).
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
        StoredDefinition d = ctx.get(definition);
        try {
            return driver.define(d.domainXml());
        } catch (RuntimeException e) {
            Drivers.removeIfMadeDespite(e, driver, d, true, ctx);
            throw e;
        }
    }

    @Override
    public void revert(CommandContext ctx, DomainSummary result) {
        Drivers.unlessInvalidState(() -> driver.destroy(result.name()));
        Drivers.unlessGone(() -> driver.undefine(result.name()));
    }
}
