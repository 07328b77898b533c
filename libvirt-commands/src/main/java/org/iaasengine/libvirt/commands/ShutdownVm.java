package org.iaasengine.libvirt.commands;

import org.iaasengine.core.InvalidInputException;

import java.time.Duration;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
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
 * The command holds its worker while it waits: it looks at the state every 100 ms through
 * {@link Poll#until}, the worker parked between looks on the engine's scheduler (no sleep; a cancel
 * or the deadline interrupts the wait). Revert starts the VM again (from the definition store
 * when libvirt forgot a transient VM).
 *
 * <pre>{@code
 * .step(OUTCOME, new ShutdownVm(driver, store, "web1", Duration.ofSeconds(60), Duration.ofSeconds(10)))
 * }</pre>
 */
public final class ShutdownVm implements Command<ShutdownOutcome> {
    /** How often the guest's state is looked at while it shuts down. */
    static final Duration POLL = Duration.ofMillis(100);
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
        if (wait.compareTo(Duration.ZERO) > 0) {
            Retry polls = polls(wait);
            Watch watch = new Watch(ctx, polls.maxAttempts());
            boolean off = Poll.until(watch::look, polls, ctx);
            if (watch.outcome != null) {
                return watch.outcome;
            }
            if (off) {
                return ShutdownOutcome.GRACEFUL;
            }
        }
        ctx.progress(0.9, "'" + name + "' ignored ACPI for " + wait.toSeconds() + " s; destroying it");
        if (!Drivers.unlessInvalidState(() -> driver.destroy(name))) {
            return ShutdownOutcome.GRACEFUL; // it stopped at the last moment
        }
        return ShutdownOutcome.FORCED;
    }

    /**
     * The looks of one shutdown: one at once, then one every {@link #POLL} for {@code wait} (the
     * last wait cut to what is left of it).
     */
    private static Retry polls(Duration wait) {
        long waits = Math.max(1, (wait.toNanos() + POLL.toNanos() - 1) / POLL.toNanos());
        Retry.Builder b = Retry.builder().fixedDelay(POLL).jitter(0)
                .maxAttempts((int) Math.min(Integer.MAX_VALUE, waits + 1)).retryOn(FailureCategory.TRANSIENT);
        if (wait.compareTo(POLL) > 0) {
            b.maxDuration(wait);
        }
        return b.build();
    }

    /**
     * One look of the poll: after the first, is the guest off? Then, at the first look and every
     * {@code resend} after (counted in looks), press the power button; not at the last look, which
     * only checks (the destroy follows it).
     */
    private final class Watch {
        private final CommandContext ctx;
        private final long pressEvery;
        private final long lastLook;
        private long looks;
        private int presses;
        /** Set when a look found the answer itself (the domain vanished under a press). */
        private ShutdownOutcome outcome;

        Watch(CommandContext ctx, long lastLook) {
            this.ctx = ctx;
            this.lastLook = lastLook;
            this.pressEvery = Math.max(1, (resend.toNanos() + POLL.toNanos() - 1) / POLL.toNanos());
        }

        boolean look() {
            looks++;
            if (looks > 1 && seenOff()) {
                return true;
            }
            if ((looks - 1) % pressEvery != 0 || (looks > 1 && looks == lastLook)) {
                return false;
            }
            try {
                pressPowerButton();
                presses++;
            } catch (CommandException e) {
                // A "not found" is believed only when the domain is really gone.
                if (seenOff()) {
                    outcome = presses == 0 ? ShutdownOutcome.ALREADY_OFF : ShutdownOutcome.GRACEFUL;
                    return true;
                }
                if (e.category() != FailureCategory.CONFLICT && e.category() != FailureCategory.TRANSIENT) {
                    throw e;
                }
            }
            ctx.progress(0.0, "ACPI shutdown sent to '" + name + "' (" + presses + ")");
            return false;
        }
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
