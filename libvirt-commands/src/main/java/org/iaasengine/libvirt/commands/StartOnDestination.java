package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a VM from a definition read on another host (a non-live migration's destination): creates
 * it (transient) or defines and starts it (persistent; undefined again when the start fails).
 * Revert destroys it, and undefines it when it is persistent.
 *
 * <pre>{@code
 * .step(ON_DESTINATION, new StartOnDestination(to.driver(), DEFINITION))
 * }</pre>
 */
public final class StartOnDestination implements Command<DomainSummary> {
    private static final Logger LOG = LoggerFactory.getLogger(StartOnDestination.class);

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
        try {
            driver.start(d.name(), false);
        } catch (RuntimeException e) {
            driver.undefine(d.name());
            throw e;
        }
        return defined;
    }

    @Override
    public void revert(CommandContext ctx, DomainSummary result) {
        try {
            driver.destroy(result.name());
        } catch (RuntimeException notRunning) {
            LOG.debug("destroy of {} on {} during revert: {}", result.name(), driver.uri(), notRunning.getMessage());
        }
        if (driver.lookup(result.name()).map(DomainSummary::persistent).orElse(false)) {
            driver.undefine(result.name());
        }
    }
}
