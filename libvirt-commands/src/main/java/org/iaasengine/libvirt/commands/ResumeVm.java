package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Resumes a paused VM ({@code virsh resume}). A running VM is success (result {@code false}); a
 * VM that is not active is a CONFLICT. Revert pauses what this command resumed.
 *
 * <pre>{@code
 * .step(new ResumeVm(driver, "web1"))
 * }</pre>
 */
public final class ResumeVm implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;

    public ResumeVm(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        DomainState s = driver.state(name).state();
        if (s == DomainState.RUNNING || s == DomainState.BLOCKED) {
            return false;
        }
        if (s != DomainState.PAUSED) {
            throw new CommandException(FailureCategory.CONFLICT,
                    "vm '" + name + "' is " + s.virshName() + " on " + driver.uri() + "; only a paused vm can be resumed");
        }
        driver.resume(name);
        return true;
    }

    @Override
    public void revert(CommandContext ctx, Boolean resumed) {
        if (resumed) {
            Drivers.unlessInvalidState(() -> driver.suspend(name));
        }
    }

    /** Nothing to pause again when it was already running. */
    @Override
    public boolean needsRevert(Boolean resumed) {
        return Boolean.TRUE.equals(resumed);
    }
}
