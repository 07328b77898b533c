package org.iaasengine.powervm.sync;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmEvent;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incremental model sync from the PowerVM event feed: each event about an LPAR re-reads it and
 * {@link org.iaasengine.model.ResourceModel#observe observes} it (an action's transitional state is
 * kept); a deleted LPAR leaves the model unless an action owns it; NEW_CLIENT, CACHE_CLEARED and
 * INVALID_URI (events were lost) re-read every LPAR of the host. {@link #pollOnce()} does one
 * long-poll read (tests drive it directly); {@link #start()} runs it on a daemon thread until
 * {@link #close()}, backing off after failures.
 *
 * <pre>{@code
 * try (LparEventSync sync = new LparEventSync(host)) {
 *     sync.start();
 *     ...
 * }
 * }</pre>
 */
public final class LparEventSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LparEventSync.class);
    private static final Pattern LPAR_URI = Pattern.compile("/LogicalPartition/([0-9A-Fa-f-]{36})");

    private final PowerVmHost host;
    private volatile boolean running;
    private Thread thread;

    public LparEventSync(PowerVmHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /** One read of the event feed; returns the number of events applied. */
    public int pollOnce() {
        List<PowerVmEvent> events = host.client().pollEvents();
        for (PowerVmEvent e : events) {
            apply(e);
        }
        return events.size();
    }

    private void apply(PowerVmEvent e) {
        switch (e.type()) {
            case "NEW_CLIENT", "CACHE_CLEARED", "INVALID_URI" -> resyncAll();
            case "ADD_URI", "MODIFY_URI", "DELETE_URI" -> {
                Matcher m = LPAR_URI.matcher(e.data());
                if (m.find()) {
                    boolean lparItself = e.data().substring(m.end()).isEmpty();
                    if ("DELETE_URI".equals(e.type()) && lparItself) {
                        removeByUuid(m.group(1));
                    } else {
                        refresh(m.group(1));
                    }
                }
            }
            default -> LOG.debug("event {} {} ignored", e.type(), e.data());
        }
    }

    private void resyncAll() {
        host.client().feed(Paths.lpars(host.systemUuid()), LogicalPartition.class)
                .forEach(entry -> host.model().observe(LparStates.toVm(LparInfo.of(entry.value()), host.name())));
    }

    private void refresh(String uuid) {
        try {
            LparInfo info = LparInfo.of(host.client().get(Paths.lpar(uuid), LogicalPartition.class).value());
            if (host.systemUuid().equalsIgnoreCase(String.valueOf(info.systemUuid()))) {
                host.model().observe(LparStates.toVm(info, host.name()));
            }
        } catch (PowerVmException ex) {
            if (ex.category() != FailureCategory.NOT_FOUND) {
                throw ex;
            }
            removeByUuid(uuid);
        }
    }

    private void removeByUuid(String uuid) {
        host.model().update(m -> m.vms().stream()
                .filter(v -> uuid.equalsIgnoreCase(String.valueOf(v.uuid())) && host.name().equals(v.host()))
                .filter(v -> !v.isOwned()).map(Vm::name).toList().forEach(m::removeVm));
    }

    /** Polls on a daemon thread until {@link #close()}. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "powervm-events-" + host.name());
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try {
                pollOnce();
                backoff = Duration.ofSeconds(1);
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warn("event feed of {} failed; retrying in {}", host.name(), backoff, e);
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                        : backoff.multipliedBy(2);
            }
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
