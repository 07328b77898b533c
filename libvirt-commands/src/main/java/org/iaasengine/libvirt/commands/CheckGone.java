package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * Checks that the host no longer has the domain after destroy and undefine (whose "not running" and
 * "not found" answers count as done), before disks, definition and model entry go: CONFLICT when
 * it is still there. Nothing to revert.
 *
 * <pre>{@code
 * .step(GONE, new CheckGone(driver, "web1"))
 * }</pre>
 */
public final class CheckGone implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;

    public CheckGone(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        Optional<DomainSummary> left = driver.lookup(name);
        if (left.isPresent()) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is still "
                    + (left.get().persistent() ? "defined" : "there") + " (" + left.get().state().virshName()
                    + ") on " + driver.uri() + " after destroy and undefine");
        }
        return true;
    }

    /** It only reads (or changes this process's model): nothing of it outlives a crash. */
    @Override
    public boolean effects() {
        return false;
    }
}
