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
     * After a create or define call failed: the reply may have been lost (a timeout, a dropped
     * connection) although libvirt made the domain. If a domain of this name with the definition's
     * UUID exists, it is ours: destroy it (and undefine it when {@code undefine}), so that the
     * failed step leaves nothing behind. When the daemon itself went away mid-call (it was killed
     * or restarted), the check waits for it to answer again, for up to {@link #LOST_REPLY_PATIENCE}
     * and never past the command's deadline. A name held by another domain (DOM_EXIST) is not touched.
     * A failure of this cleanup is added to {@code failure} as suppressed.
     */
    static void removeIfMadeDespite(RuntimeException failure, LibvirtDriver driver, StoredDefinition d,
            boolean undefine, CommandContext ctx) {
        if (failure instanceof DriverException e && e.error() == LibvirtError.DOM_EXIST) {
            return;
        }
        try {
            Optional<DomainSummary> made = lookupOnceReachable(driver, d.name(), ctx);
            if (made.isPresent() && d.uuid().equalsIgnoreCase(made.get().uuid())) {
                unlessInvalidState(() -> driver.destroy(d.name()));
                if (undefine) {
                    unlessGone(() -> driver.undefine(d.name()));
                }
            }
        } catch (RuntimeException cleanupFailed) {
            failure.addSuppressed(cleanupFailed);
        }
    }
}
