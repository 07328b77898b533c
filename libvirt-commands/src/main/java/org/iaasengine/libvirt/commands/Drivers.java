package org.iaasengine.libvirt.commands;

import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;

/** Small helpers shared by commands: tolerating "already gone" in reverts and idempotent steps. */
final class Drivers {
    private Drivers() {
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
}
