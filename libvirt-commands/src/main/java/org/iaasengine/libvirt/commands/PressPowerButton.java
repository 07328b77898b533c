package org.iaasengine.libvirt.commands;

import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.ShutdownMode;

/**
 * Presses a VM's ACPI power button once and returns at once (Wakame's {@code soft_poweroff}): the
 * guest goes down in its own time, and the instance monitor sees it go. A VM that is not running
 * (or gone) is success with result {@code false}: nothing pressed. A driver that does not know
 * shutdown modes (libvirt's test driver) gets its default mode. No revert: a pressed button cannot
 * be unpressed, and the guest may already be on its way down.
 *
 * <pre>{@code
 * .step(PRESSED, new PressPowerButton(driver, "web1"))
 * }</pre>
 */
public final class PressPowerButton implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;

    public PressPowerButton(LibvirtDriver driver, String name) {
        this.driver = driver;
        this.name = name;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        if (isOff()) {
            return false;
        }
        try {
            try {
                driver.shutdown(name, ShutdownMode.ACPI);
            } catch (CommandException e) {
                if (e.category() != FailureCategory.INVALID_INPUT) {
                    throw e;
                }
                driver.shutdown(name, ShutdownMode.DEFAULT);
            }
            return true;
        } catch (CommandException e) {
            // The guest went down between the look and the press: believed only when it is off now.
            if (isOff()) {
                return false;
            }
            throw e;
        }
    }

    private boolean isOff() {
        Optional<DomainSummary> d = driver.lookup(name);
        return d.isEmpty() || d.get().state() == DomainState.SHUTOFF || d.get().state() == DomainState.CRASHED;
    }
}
