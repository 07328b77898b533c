package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Reads what {@code virsh dominfo} shows of a VM.
 *
 * <pre>{@code
 * .step(INFO, new DomInfo(driver, "web1"))
 * }</pre>
 */
public final class DomInfo implements Command<DomainInfo> {
    private final LibvirtDriver driver;
    private final String name;

    public DomInfo(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public DomainInfo execute(CommandContext ctx) {
        return driver.info(name);
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
