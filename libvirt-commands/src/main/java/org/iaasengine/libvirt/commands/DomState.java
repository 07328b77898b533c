package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.DomainStatus;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Reads a VM's state and its reason ({@code virsh domstate --reason}).
 *
 * <pre>{@code
 * .step(STATE, new DomState(driver, "web1"))
 * }</pre>
 */
public final class DomState implements Command<DomainStatus> {
    private final LibvirtDriver driver;
    private final String name;

    public DomState(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public DomainStatus execute(CommandContext ctx) {
        return driver.state(name);
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
