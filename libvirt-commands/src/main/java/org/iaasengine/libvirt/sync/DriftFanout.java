package org.iaasengine.libvirt.sync;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link HostMonitor}'s drift listeners: each drift is logged and handed to every listener; a failing listener is logged. */
final class DriftFanout {
    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);
    private final List<DriftListener> listeners = new CopyOnWriteArrayList<>();

    void add(DriftListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void remove(DriftListener listener) {
        listeners.remove(listener);
    }

    void deliver(List<DriftEvent> drift) {
        for (DriftEvent d : drift) {
            LOG.info("drift on host {}: {} {} ({} -> {}) from {}", d.host(), d.vm(), d.kind(), d.from(), d.to(),
                    d.cause());
            for (DriftListener l : listeners) {
                try {
                    l.onDrift(d);
                } catch (RuntimeException ex) {
                    LOG.warn("drift listener {} failed on {}", l, d, ex);
                }
            }
        }
    }
}
