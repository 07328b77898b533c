package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Stops a VM at once ({@code virsh destroy}). A VM that is not running, or not there at all, is
 * success (result {@code false}). There is no revert: a power cut cannot be undone.
 *
 * <pre>{@code
 * .step(new DestroyVm(driver, "web1"))
 * }</pre>
 */
public final class DestroyVm implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;

    public DestroyVm(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        return Drivers.unlessInvalidState(() -> driver.destroy(name));
    }
}
