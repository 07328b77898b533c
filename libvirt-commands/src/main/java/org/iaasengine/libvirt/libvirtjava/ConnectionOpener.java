package org.iaasengine.libvirt.libvirtjava;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link ConnectionSupervisor} opens and closes its connections: the libvirt runtime (the
 * event loop) held while the supervisor lives, keepalive set on every new connection
 * ({@code virConnectSetKeepAlive}: a probe after {@code interval} seconds of silence, the connection
 * closed after {@code count} unanswered ones), libvirt's connection-close callback registered; and
 * on closing, lifecycle callbacks and the close callback deregistered before the connection is
 * closed. Failures of these extras are logged, never thrown: a connection without keepalive still
 * works.
 */
final class ConnectionOpener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSupervisor.class);

    private final String uri;
    private final ConnectionSupervisor.Connector connector;
    private final int keepAliveIntervalSeconds;
    private final int keepAliveCount;
    /** Whether the supervisor holds the libvirt runtime (its event loop); given back by {@link #releaseRuntime}. */
    private final AtomicBoolean holdsRuntime = new AtomicBoolean();

    ConnectionOpener(String uri, ConnectionSupervisor.Connector connector, int keepAliveIntervalSeconds,
            int keepAliveCount) {
        this.uri = uri;
        this.connector = connector;
        this.keepAliveIntervalSeconds = keepAliveIntervalSeconds;
        this.keepAliveCount = keepAliveCount;
    }

    /**
     * Opens a connection with keepalive; {@code closedByLibvirt} is told (on the event-loop thread)
     * when libvirt closes it (the daemon went away, or keepalive found it silent).
     */
    SupervisedConnect open(BiConsumer<SupervisedConnect, String> closedByLibvirt) throws LibvirtException {
        if (holdsRuntime.compareAndSet(false, true)) {
            try {
                LibvirtRuntime.acquire();
            } catch (RuntimeException e) {
                holdsRuntime.set(false);
                throw e;
            }
        }
        SupervisedConnect c = connector.open(uri);
        try {
            c.setKeepAlive(keepAliveIntervalSeconds, keepAliveCount);
        } catch (LibvirtException e) {
            LOG.debug("keepalive not available on {}: {}", uri, e.getMessage());
        }
        try {
            c.registerCloseListener((conn, reason) -> closedByLibvirt.accept(c, "closed by libvirt: " + reason));
        } catch (LibvirtException e) {
            LOG.debug("connection-close callback not available on {}: {}", uri, e.getMessage());
        }
        return c;
    }

    /** Deregisters the connection's callbacks and closes it; failures are logged. */
    void close(SupervisedConnect c) {
        c.removeAllLifecycleListeners().forEach(e -> LOG.debug("deregistering events before closing {} failed: {}",
                uri, e.getMessage()));
        try {
            c.unregisterCloseListener();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("unregistering the close callback on {} failed: {}", uri, e.getMessage());
        }
        try {
            c.close();
        } catch (LibvirtException | RuntimeException e) {
            LOG.debug("closing a connection to {} failed: {}", uri, e.getMessage());
        }
    }

    /** Gives back the libvirt runtime if this opener holds it (its event loop ends with the last holder). */
    void releaseRuntime() {
        if (holdsRuntime.getAndSet(false)) {
            LibvirtRuntime.release();
        }
    }
}
