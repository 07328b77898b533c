package org.iaasengine.powervm.sync;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;
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
 * long-poll read (tests drive it directly); {@link #start()} runs it again and again on one thread,
 * {@code iaas-powervm-events-<host>}, until {@link #close()}. After a failed read the next one
 * waits per {@link #BACKOFF} (1 s doubling up to 1 min, reset by a read that succeeds): the wait is
 * a task on the scheduler given (else one of the sync's own), and no thread is held while it runs.
 * {@link #close()} stops the thread, cancels a pending wait and closes the sync's own scheduler.
 *
 * <pre>{@code
 * try (LparEventSync sync = new LparEventSync(host, engineScheduler)) {
 *     sync.start();
 *     ...
 * }
 * }</pre>
 */
public final class LparEventSync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LparEventSync.class);
    private static final Pattern LPAR_URI = Pattern.compile("/LogicalPartition/([0-9A-Fa-f-]{36})");

    /** The waits after failed reads: 1 s doubling up to 1 min, no jitter, for as long as the sync runs. */
    public static final Retry BACKOFF = Retry.builder().maxAttempts(Integer.MAX_VALUE)
            .backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)).jitter(0).build();
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final PowerVmHost host;
    private final SystemScheduler ownScheduler;
    private final TaskScheduler scheduler;
    private volatile boolean running;
    private ExecutorService thread;
    private volatile Thread worker;
    private volatile CompletableFuture<Integer> backoff;

    /** A sync whose waits are timed by a scheduler of its own (closed with it). */
    public LparEventSync(PowerVmHost host) {
        this(host, null);
    }

    /** A sync whose waits are timed by {@code scheduler}, typically the engine's (null: its own). */
    public LparEventSync(PowerVmHost host, TaskScheduler scheduler) {
        this.host = Objects.requireNonNull(host, "host");
        this.ownScheduler = scheduler == null ? new SystemScheduler("iaas-powervm-events-" + host.name() + "-timer")
                : null;
        this.scheduler = scheduler == null ? ownScheduler : scheduler;
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

    /** Reads the event feed again and again on the sync's thread until {@link #close()}. */
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        String name = "iaas-powervm-events-" + host.name();
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            worker = t;
            return t;
        });
        submit(this::next);
    }

    /** One read on the sync's thread; the next follows at once, or after the backoff if this one failed. */
    private void next() {
        if (!running) {
            return;
        }
        try {
            pollOnce();
        } catch (RuntimeException e) {
            if (running) {
                backOff(e);
            }
            return;
        }
        submit(this::next);
    }

    private void backOff(RuntimeException failure) {
        CompletableFuture<Integer> loop = Poll.retryAfter(failure, this::pollOnce, (n, f) -> f != null && running,
                BACKOFF, scheduler, thread, (attempt, delay, f) -> {
                    if (running) {
                        LOG.warn("event feed of {} failed; retrying in {}", host.name(), delay, f);
                    }
                });
        backoff = loop;
        loop.whenComplete((n, f) -> {
            if (f == null) {
                submit(this::next);
            }
        });
        if (!running) {
            loop.cancel(false);
        }
    }

    private void submit(Runnable task) {
        try {
            if (running) {
                thread.execute(task);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("event sync of {} stopped", host.name());
        }
    }

    /** True while the sync's thread reads the feed (between {@link #start()} and {@link #close()}). */
    public boolean isRunning() {
        return running;
    }

    /** Stops the reads: cancels a pending wait, interrupts a read in progress, ends the thread. */
    @Override
    public void close() {
        ExecutorService t;
        synchronized (this) {
            running = false;
            t = thread;
        }
        CompletableFuture<Integer> b = backoff;
        if (b != null) {
            b.cancel(false);
        }
        if (t != null) {
            t.shutdownNow();
            try {
                Thread w = worker;
                // the pool is TERMINATED a moment before its thread has ended: wait for the thread itself
                if (!t.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                        || (w != null && w != Thread.currentThread() && !join(w))) {
                    LOG.warn("event sync thread of {} still busy {} after close", host.name(), STOP_WAIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (ownScheduler != null) {
            ownScheduler.close();
        }
    }

    private static boolean join(Thread w) throws InterruptedException {
        w.join(STOP_WAIT.toMillis());
        return !w.isAlive();
    }
}
