package org.iaasengine.libvirt.commands;

import org.iaasengine.core.InvalidInputException;

import java.time.Duration;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.ShutdownMode;
import org.iaasengine.libvirt.spec.ShutdownOutcome;
import org.iaasengine.libvirt.store.DefinitionStore;

/**
 * Shuts a VM down gracefully: an ACPI power-button press, pressed again every {@code resend}
 * while the guest still runs, and a destroy when {@code grace} has passed (or the action's
 * deadline is near). A VM that is not running is success ({@link ShutdownOutcome#ALREADY_OFF}).
 * The command holds its worker while it waits, polling the state every 100 ms. Revert starts the
 * VM again (from the definition store when libvirt forgot a transient VM).
 *
 * <pre>{@code
 * .step(OUTCOME, new ShutdownVm(driver, store, "web1", Duration.ofSeconds(60), Duration.ofSeconds(10)))
 * }</pre>
 */
public final class ShutdownVm implements Command<ShutdownOutcome> {
    private static final long POLL_MILLIS = 100;
    private final LibvirtDriver driver;
    private final DefinitionStore store;
    private final String name;
    private final Duration grace;
    private final Duration resend;

    public ShutdownVm(LibvirtDriver driver, DefinitionStore store, String name, Duration grace, Duration resend) {
        InvalidInputException.check(!grace.isNegative(), "shutdown grace must not be negative: %s", grace);
        InvalidInputException.check(!resend.isNegative() && !resend.isZero(), "resend interval must be positive: %s",
                resend);
        this.driver = driver;
        this.store = store;
        this.name = name;
        this.grace = grace;
        this.resend = resend;
    }

    @Override
    public ShutdownOutcome execute(CommandContext ctx) throws InterruptedException {
        if (isOff()) {
            return ShutdownOutcome.ALREADY_OFF;
        }
        // Leave a little of the action's time for the destroy.
        Duration budget = ctx.timeLeftOr(grace.plusSeconds(10)).minusSeconds(5);
        Duration wait = budget.compareTo(grace) < 0 ? budget : grace;
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        long nextPress = 0;
        int presses = 0;
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextPress) {
                try {
                    pressPowerButton();
                    presses++;
                } catch (CommandException e) {
                    // A "not found" is believed only when the domain is really gone.
                    if (seenOff()) {
                        return presses == 0 ? ShutdownOutcome.ALREADY_OFF : ShutdownOutcome.GRACEFUL;
                    }
                    if (e.category() != FailureCategory.CONFLICT && e.category() != FailureCategory.TRANSIENT) {
                        throw e;
                    }
                }
                nextPress = System.nanoTime() + resend.toNanos();
                ctx.progress(0.0, "ACPI shutdown sent to '" + name + "' (" + presses + ")");
            }
            Thread.sleep(POLL_MILLIS);
            if (seenOff()) {
                return ShutdownOutcome.GRACEFUL;
            }
        }
        ctx.progress(0.9, "'" + name + "' ignored ACPI for " + wait.toSeconds() + " s; destroying it");
        if (!Drivers.unlessInvalidState(() -> driver.destroy(name))) {
            return ShutdownOutcome.GRACEFUL; // it stopped at the last moment
        }
        return ShutdownOutcome.FORCED;
    }

    private ShutdownMode mode = ShutdownMode.ACPI;

    /** ACPI; a driver that does not know shutdown modes (libvirt's test driver) gets its default. */
    private void pressPowerButton() {
        try {
            driver.shutdown(name, mode);
        } catch (CommandException e) {
            if (mode == ShutdownMode.ACPI && e.category() == FailureCategory.INVALID_INPUT) {
                mode = ShutdownMode.DEFAULT;
                driver.shutdown(name, mode);
            } else {
                throw e;
            }
        }
    }

    private boolean isOff() {
        Optional<DomainSummary> d = driver.lookup(name);
        return d.isEmpty() || d.get().state() == DomainState.SHUTOFF || d.get().state() == DomainState.CRASHED;
    }

    /**
     * {@link #isOff()} while waiting: a daemon that does not answer (restarting: TRANSIENT) is not
     * an answer, so the wait goes on until the deadline rather than failing the shutdown.
     */
    private boolean seenOff() {
        try {
            return isOff();
        } catch (CommandException e) {
            if (e.category() == FailureCategory.TRANSIENT) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void revert(CommandContext ctx, ShutdownOutcome outcome) {
        if (outcome != ShutdownOutcome.ALREADY_OFF) {
            new StartVm(driver, store, name).execute(ctx);
        }
    }

    /** A VM this command stopped is started again; nothing to undo when it was already off. */
    @Override
    public boolean needsRevert(ShutdownOutcome outcome) {
        return outcome != ShutdownOutcome.ALREADY_OFF;
    }
}
