package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Asks the guest to reboot with libvirt's own reboot ({@code virsh reboot}); the guest must
 * cooperate. No revert.
 *
 * <pre>{@code
 * .step(new RebootVm(driver, "web1"))
 * }</pre>
 */
public final class RebootVm implements Command<Void> {
    private final LibvirtDriver driver;
    private final String name;

    public RebootVm(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public Void execute(CommandContext ctx) {
        driver.reboot(name);
        return null;
    }
}
