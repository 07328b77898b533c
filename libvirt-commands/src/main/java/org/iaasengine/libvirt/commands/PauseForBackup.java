package org.iaasengine.libvirt.commands;

import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Gives a backup a consistent point: pauses a running VM's CPUs ({@code virsh suspend}; QEMU
 * flushes its disk writes as it stops the CPUs) and returns {@code true}; a shut-off VM is left as
 * it is ({@code false}: its disk holds still); a VM already paused by someone else is left paused
 * ({@code false}: not this step's to resume). Revert resumes what this step paused. Other states
 * (crashed, being migrated) are a CONFLICT.
 *
 * <pre>{@code
 * .step(PAUSED, new PauseForBackup(driver, "web1"))
 * }</pre>
 */
public final class PauseForBackup implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;

    public PauseForBackup(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        DomainState s = driver.state(name).state();
        if (s == DomainState.SHUTOFF || s == DomainState.PAUSED) {
            return false;
        }
        if (s != DomainState.RUNNING && s != DomainState.BLOCKED) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is " + s.virshName() + " on "
                    + driver.uri() + "; a backup needs it running or shut off");
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

    /**
     * Only after the death of the process that ran it: the VM may have been paused, the result
     * unrecorded.
     */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return failure instanceof ProcessStoppedException;
    }

    /**
     * Resumes the VM if it is paused: a backup that died between its pause and its record would
     * otherwise leave the guest paused for good. (A VM paused by someone else in that same instant
     * is resumed too; the claim the action held makes that unlikely, and a paused guest nobody
     * resumes is the worse outcome.)
     */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        if (driver.state(name).state() == DomainState.PAUSED) {
            Drivers.unlessInvalidState(() -> driver.resume(name));
        }
    }

    /** Nothing to resume when this step paused nothing. */
    @Override
    public boolean needsRevert(Boolean paused) {
        return Boolean.TRUE.equals(paused);
    }
}
