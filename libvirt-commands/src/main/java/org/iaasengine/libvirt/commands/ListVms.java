package org.iaasengine.libvirt.commands;

import java.util.List;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Lists every domain of a host, active and inactive ({@code virsh list --all}).
 *
 * <pre>{@code
 * .step(VMS, new ListVms(driver))
 * }</pre>
 */
public final class ListVms implements Command<List<DomainSummary>> {
    private final LibvirtDriver driver;

    public ListVms(LibvirtDriver driver) {
        this.driver = driver;
    }

    @Override
    public List<DomainSummary> execute(CommandContext ctx) {
        return driver.listDomains();
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
