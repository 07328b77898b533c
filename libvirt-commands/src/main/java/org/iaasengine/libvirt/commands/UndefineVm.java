package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.StoredDefinition;

/**
 * Removes a persistent domain's definition from libvirt ({@code virsh undefine}); a domain that is
 * not defined (transient, or gone) is success with an empty result. Revert defines it again from
 * the XML read just before, which {@code dumpXml} gives with secure data, so a VNC or SPICE
 * password comes back too. The result holds that XML: never log it.
 *
 * <pre>{@code
 * .step(new UndefineVm(driver, "web1"))
 * }</pre>
 */
public final class UndefineVm implements Command<Optional<String>> {
    private final LibvirtDriver driver;
    private final String name;
    /** The VM's definition as an earlier step read it, or null: what a recovered run defines again. */
    private final Key<StoredDefinition> known;
    /** The persistent definition read before the undefine call: what a failed call's revert defines again. */
    private volatile String read;

    public UndefineVm(LibvirtDriver driver, String name) {
        this(driver, name, null);
    }

    /**
     * Also knowing the VM's definition from the step that produced {@code known}: when the process
     * that ran this step died during it, the XML read just before the call died with it, and a
     * recovery defines the VM again from that definition (when it was persistent).
     */
    public UndefineVm(LibvirtDriver driver, String name, Key<StoredDefinition> known) {
        this.driver = driver;
        this.name = name;
        this.known = known;
    }

    @Override
    public Optional<String> execute(CommandContext ctx) {
        Optional<DomainSummary> d = driver.lookup(name);
        if (d.isEmpty() || !d.get().persistent()) {
            return Optional.empty();
        }
        String xml = driver.dumpXml(name, true);
        read = xml;
        Drivers.unlessGone(() -> driver.undefine(name));
        return Optional.of(xml);
    }

    /**
     * An undefine call whose reply was lost may have undefined the domain all the same: when the
     * definition read before it is no longer there (no domain, or only a transient one left),
     * it is defined again; after the death of the process that ran it, from the definition an
     * earlier step read.
     */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        String xml = read;
        if (xml == null && known != null) {
            xml = ctx.find(known).filter(d -> d.lifecycle() == Lifecycle.PERSISTENT).map(StoredDefinition::domainXml)
                    .orElse(null);
        }
        if (xml != null && !driver.lookup(name).map(DomainSummary::persistent).orElse(false)) {
            driver.define(xml);
        }
    }

    @Override
    public void revert(CommandContext ctx, Optional<String> xml) {
        xml.ifPresent(driver::define);
    }

    /** Nothing to define again when there was no persistent definition (transient or gone). */
    @Override
    public boolean needsRevert(Optional<String> xml) {
        return xml.isPresent();
    }
}
