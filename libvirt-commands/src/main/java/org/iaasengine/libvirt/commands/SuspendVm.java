package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Pauses a VM's CPUs ({@code virsh suspend}). An already paused VM is success (result
 * {@code false}); a VM that is not running is a CONFLICT. Revert resumes what this command paused.
 *
 * <pre>{@code
 * .step(new SuspendVm(driver, "web1"))
 * }</pre>
 */
public final class SuspendVm implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;

    public SuspendVm(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        DomainState s = driver.state(name).state();
        if (s == DomainState.PAUSED) {
            return false;
        }
        if (!s.isActive()) {
            throw new CommandException(FailureCategory.CONFLICT,
                    "vm '" + name + "' is " + s.virshName() + " on " + driver.uri() + "; only a running vm can be suspended");
        }
        driver.suspend(name);
        return true;
    }

    @Override
    public void revert(CommandContext ctx, Boolean paused) {
        if (paused) {
            Drivers.unlessInvalidState(() -> driver.resume(name));
        }
    }

    /** Nothing to resume when it was already paused. */
    @Override
    public boolean needsRevert(Boolean paused) {
        return Boolean.TRUE.equals(paused);
    }
}
