package org.iaasengine.libvirt.commands;

import java.time.Duration;
import java.util.Optional;
import org.iaasengine.core.FailureCategory;
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
     * Looks {@code name} up, asking again while the connection is down (TRANSIENT), with a backoff
     * from 100 ms to 2 s, for up to {@link #LOST_REPLY_PATIENCE}; other failures, an interrupt and
     * the end of the patience throw the last failure.
     */
    static Optional<DomainSummary> lookupOnceReachable(LibvirtDriver driver, String name) {
        long deadline = System.nanoTime() + LOST_REPLY_PATIENCE.toNanos();
        long waitMillis = 100;
        while (true) {
            try {
                return driver.lookup(name);
            } catch (DriverException e) {
                if (e.category() != FailureCategory.TRANSIENT || System.nanoTime() + waitMillis * 1_000_000L > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                waitMillis = Math.min(waitMillis * 2, 2_000);
            }
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
     * (the action's deadline interrupts the wait). A name held by another domain (DOM_EXIST) is not touched.
     * A failure of this cleanup is added to {@code failure} as suppressed.
     */
    static void removeIfMadeDespite(RuntimeException failure, LibvirtDriver driver, StoredDefinition d,
            boolean undefine) {
        if (failure instanceof DriverException e && e.error() == LibvirtError.DOM_EXIST) {
            return;
        }
        try {
            Optional<DomainSummary> made = lookupOnceReachable(driver, d.name());
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
