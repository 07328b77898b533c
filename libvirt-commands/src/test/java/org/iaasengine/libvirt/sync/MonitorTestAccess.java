package org.iaasengine.libvirt.sync;

import java.time.Duration;

/** Test access to a {@link HostMonitor}'s package-private waits, for tests in other packages. */
public final class MonitorTestAccess {
    private MonitorTestAccess() {
    }

    /** Waits until the monitor applied everything queued (its start reconcile too); true if idle in time. */
    public static boolean awaitIdle(HostMonitor monitor, Duration timeout) throws InterruptedException {
        return monitor.awaitIdle(timeout);
    }
}
