package org.iaasengine.libvirt.commands;

import java.time.Duration;
import java.util.Optional;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.store.StoredDefinition;

/** Small helpers shared by commands: tolerating "already gone" in reverts and idempotent steps. */
final class Drivers {
    /** How long the check after a lost reply waits for a daemon that is away (restarting). */
    static final Duration LOST_REPLY_PATIENCE = Duration.ofSeconds(60);

    private Drivers() {
    }

    /**
     * How {@link #lookupOnceReachable} asks again while the connection is down (TRANSIENT): a
     * backoff from 100 ms doubling to 2 s, no jitter, for up to {@link #LOST_REPLY_PATIENCE}.
     */
    static final Retry LOST_REPLY_RETRY = Retry.builder().maxAttempts(Integer.MAX_VALUE)
            .backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).jitter(0).maxDuration(LOST_REPLY_PATIENCE)
            .retryOn(FailureCategory.TRANSIENT).build();

    /**
     * Looks {@code name} up, asking again while the connection is down (TRANSIENT), per
     * {@link #LOST_REPLY_RETRY}, its waits on the engine's scheduler ({@link Poll#retry}) and never
     * past the command's deadline; other failures and the end of the patience throw the last
     * failure, an interrupt a CANCELLED one (the interrupt flag kept).
     */
    static Optional<DomainSummary> lookupOnceReachable(LibvirtDriver driver, String name, CommandContext ctx) {
        try {
            return Poll.retry(() -> driver.lookup(name), LOST_REPLY_RETRY, ctx.scheduler(), ctx);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(FailureCategory.CANCELLED,
                    "interrupted while waiting for " + driver.uri() + " to answer about domain '" + name + "'", e);
        }
    }

    /** Runs {@code call}; a domain that does not exist counts as done. Returns false in that case. */
    static boolean unlessGone(Runnable call) {
        try {
            call.run();
            return true;
        } catch (DriverException e) {
            if (e.category() == FailureCategory.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** Runs {@code call}; "operation invalid" (for example: domain is not running) counts as done. */
    static boolean unlessInvalidState(Runnable call) {
        try {
            call.run();
            return true;
        } catch (DriverException e) {
            if (e.error() == LibvirtError.OPERATION_INVALID || e.category() == FailureCategory.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /**
     * After a create, define or start call failed ({@link org.iaasengine.core.Command#revertFailed}):
     * the reply may have been lost (a timeout, a dropped connection) although libvirt acted. If a
     * domain of this name with the definition's UUID exists, it is ours: destroy it (unless it is
     * not running) and undefine it when it is persistent, so that the failed step leaves nothing
     * behind. When the daemon itself went away mid-call (killed or restarted), the check waits for
     * it to answer again, for up to {@link #LOST_REPLY_PATIENCE}. A failure here is thrown: the
     * engine retries it per the revert retry and reports it as the step's failed revert.
     */
    /**
     * Whether a create or define that failed with {@code failure} may have made the domain: not
     * when libvirt refused it because the name is taken (DOM_EXIST; another domain, not touched).
     */
    static boolean mayHaveMade(Throwable failure) {
        return !(failure instanceof DriverException e && e.error() == LibvirtError.DOM_EXIST);
    }

    static void removeIfMade(LibvirtDriver driver, StoredDefinition d, CommandContext ctx) {
        Optional<DomainSummary> made = lookupOnceReachable(driver, d.name(), ctx);
        if (made.isPresent() && d.uuid().equalsIgnoreCase(made.get().uuid())) {
            unlessInvalidState(() -> driver.destroy(d.name()));
            if (made.get().persistent()) {
                unlessGone(() -> driver.undefine(d.name()));
            }
        }
    }
}
