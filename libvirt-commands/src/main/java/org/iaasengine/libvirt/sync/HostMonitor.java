package org.iaasengine.libvirt.sync;

import org.iaasengine.core.InvalidInputException;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableSet;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Step;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.jna.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.InitModelRequest;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ModelListener;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the resource model true to one libvirt host: a full reconcile on demand
 * ({@link #initModel()}, also as the engine action {@link #initModelAction()}), and once
 * {@link #start() started}, incremental updates from libvirt's lifecycle events, a full reconcile
 * after every reconnect of the libvirt-java driver (events sent while the daemon was away are
 * lost) and a periodic full reconcile as a safety net. Every difference found is reported to the
 * {@link DriftListener}s as a {@link DriftEvent}.
 *
 * <p><b>Threads.</b> The driver's event callback only enqueues. One thread of the monitor's own
 * ({@code host-monitor[NAME]}) takes the queue in order: for each event it re-reads that one domain
 * ({@code lookup}: the host's present state, so a late or reordered event cannot regress the
 * model) and writes the VM. A STOPPED event is the exception: it is applied as it is (a persistent
 * domain is shut off, a transient one gone), since a lookup then would wait for libvirtd to finish
 * tearing the domain down. Full reconciles run on that thread too, or on the caller's for
 * {@link #initModel()}; a lock makes reconciles and event handling take turns, so a reconcile
 * never writes an older reading over a newer event's.
 *
 * <p><b>Reboots.</b> A STOPPED event whose detail is one of {@link Builder#rebootDetails} (by
 * default {@code shutdown}: the guest powered itself off) is held for {@link Builder#rebootWindow}
 * (default 500 ms). A STARTED event for the same VM within the window makes it a reboot: the
 * model keeps the VM running and a {@link DriftEvent.Kind#REBOOTED} is reported, no stop. Other
 * stops ({@code destroyed}, {@code crashed}, {@code migrated}...) are applied at once, so that a
 * {@code virsh destroy} shows in the model within milliseconds; add {@code destroyed} to the
 * details to treat a destroy-then-start ("hard reboot") as a reboot too, at the cost of showing
 * every destroy one window late.
 *
 * <p><b>Ownership.</b> A VM owned by an action in flight keeps its transitional state and host
 * ({@link ResourceModel#observe}); a reconcile never removes or marks off an owned VM (such as a
 * CREATING placeholder). When the action releases the VM, the monitor re-reads it from the host,
 * so a change the action's ownership masked is not missed.
 *
 * <p><b>Cost.</b> A full reconcile makes bulk calls only: node info, node memory, and the
 * domain listing (libvirt-java: {@code virConnectGetAllDomainStats} with the state group, no
 * monitor exchange; virsh: one process for the listing). vCPUs, memory and MACs come from the
 * definition store (each stored XML parsed once, cached per UUID); a VM the library did not create
 * costs {@code info} + {@code interfaces} once.
 *
 * <pre>{@code
 * HostMonitor monitor = HostMonitor.builder(host, model)
 *         .reconcileInterval(Duration.ofMinutes(5))
 *         .rebootWindow(Duration.ofMillis(500))
 *         .build();
 * monitor.addDriftListener(drift -> log.info("drift: {}", drift));
 * engine.run(monitor.initModelAction());   // or monitor.initModel()
 * monitor.start();
 * ...
 * monitor.close();
 * }</pre>
 */
public final class HostMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);
    private static final Key<SyncReport> REPORT = Key.of("report", SyncReport.class);

    private final LibvirtHost host;
    private final ResourceModel model;
    private final Duration reconcileInterval;
    private final Duration rebootWindow;
    private final Set<String> rebootDetails;
    private final TaskScheduler scheduler;
    private final ExecutorScheduler ownScheduler;
    private final Reconciler reconciler;
    private final List<DriftListener> listeners = new CopyOnWriteArrayList<>();

    /** Taken by whoever reconciles or applies an event: they take turns. */
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Guarded by syncLock: stops held back as possible reboots, by VM name. */
    private final Map<String, PendingStop> pendingStops = new HashMap<>();
    private long stopSeq;

    private final BlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final ReentrantLock idleLock = new ReentrantLock();
    private final Condition idle = idleLock.newCondition();
    private int outstanding;

    private final Object lifecycle = new Object();
    private Thread worker;
    private AutoCloseable subscription;
    private AutoCloseable reconnectHandle;
    private volatile TaskScheduler.Scheduled periodic;
    private final ModelListener releaseListener = this::onModelChange;
    private volatile boolean running;
    private volatile boolean closed;

    /** Work for the monitor's thread. */
    private sealed interface Work {
    }

    private record EventWork(DomainEvent event) implements Work {
    }

    private record StopDue(String name, long token) implements Work {
    }

    private record ReconcileWork(String cause) implements Work {
    }

    private record CheckWork(String name, String cause) implements Work {
    }

    private record Shutdown() implements Work {
    }

    private record PendingStop(long token, TaskScheduler.Scheduled timer, DomainEvent event) {
    }

    private HostMonitor(Builder b) {
        this.host = b.host;
        this.model = b.model;
        this.reconcileInterval = b.reconcileInterval;
        this.rebootWindow = b.rebootWindow;
        this.rebootDetails = b.rebootDetails;
        this.ownScheduler = b.scheduler == null ? new ExecutorScheduler("host-monitor-timer[" + b.host.name() + "]")
                : null;
        this.scheduler = b.scheduler != null ? b.scheduler : ownScheduler;
        this.reconciler = new Reconciler(b.host, b.model, b.clock);
    }

    /** Starts configuring the monitor of {@code host} writing to {@code model}. */
    public static Builder builder(LibvirtHost host, ResourceModel model) {
        return new Builder(host, model);
    }

    /** The host this monitor keeps in sync. */
    public LibvirtHost host() {
        return host;
    }

    public void addDriftListener(DriftListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeDriftListener(DriftListener listener) {
        listeners.remove(listener);
    }

    // ---------------------------------------------------------------- full reconcile

    /**
     * The full reconcile (GSN's InitModel): node info, host running info, every domain, their
     * MACs, vCPUs and memory, and the shut-down VMs of the definition store, written to the model
     * in one atomic update. Returns what it did; the drift goes to the listeners too.
     *
     * @throws DriverException classified, if the host cannot be read (the model is left as it was)
     */
    public SyncReport initModel() {
        return reconcile("init-model");
    }

    /**
     * {@link #initModel()} as an engine action ({@code init-model} on resource key
     * {@code host:NAME}, retried on transient failures), to submit like any other.
     *
     * <pre>{@code
     * SyncReport r = engine.run(monitor.initModelAction());
     * }</pre>
     */
    public Action<SyncReport> initModelAction() {
        return Action.<SyncReport>builder("init-model", ResourceKey.host(host.name()).toString())
                .request(new InitModelRequest(host.name(), host.driver().uri()))
                .timeout(Duration.ofMinutes(2))
                .step(Step.of(REPORT, Command.named("InitModel", ctx -> initModel()))
                        .withRetry(Retry.builder().maxAttempts(3).backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                                .retryOn(FailureCategory.TRANSIENT).build()))
                .resultFrom(REPORT)
                .build();
    }

    private SyncReport reconcile(String cause) {
        syncLock.lock();
        try {
            SyncReport report = reconciler.full(cause, Set.copyOf(pendingStops.keySet()));
            deliver(report.drift());
            return report;
        } finally {
            syncLock.unlock();
        }
    }

    // ---------------------------------------------------------------- following the host

    /**
     * Follows the host: subscribes to lifecycle events, registers a reconnect listener (libvirt-java
     * driver) that triggers a full reconcile, schedules the periodic reconcile, and queues one
     * reconcile now (events before the subscription are not seen).
     *
     * @throws DriverException if the driver cannot subscribe
     * @throws IllegalStateException if started twice or closed
     */
    public void start() {
        synchronized (lifecycle) {
            Preconditions.checkState(!closed, "monitor of host '%s' is closed", host.name());
            Preconditions.checkState(!running, "monitor of host '%s' is already started", host.name());
            running = true;
            worker = new Thread(this::runWorker, "host-monitor[" + host.name() + "]");
            worker.setDaemon(true);
            worker.start();
            try {
                subscription = host.driver().subscribe(e -> enqueue(new EventWork(e)));
            } catch (RuntimeException e) {
                stopWorker();
                running = false;
                throw e;
            }
            if (host.driver() instanceof LibvirtJavaDriver jd) {
                reconnectHandle = jd.addReconnectListener(() -> enqueue(new ReconcileWork("reconnect")));
            }
            model.addListener(releaseListener);
            enqueue(new ReconcileWork("start"));
            schedulePeriodic();
            LOG.info("monitor of host {} ({}) started: periodic reconcile {}, reboot window {} for stops {}",
                    host.name(), host.driver().uri(), reconcileInterval.isZero() ? "off" : reconcileInterval,
                    rebootWindow, rebootDetails);
        }
    }

    private void schedulePeriodic() {
        if (reconcileInterval.isZero() || !running || closed) {
            return;
        }
        periodic = scheduler.schedule(() -> {
            enqueue(new ReconcileWork("periodic"));
            schedulePeriodic();
        }, reconcileInterval);
    }

    private void onModelChange(ModelChange change) {
        if (change instanceof ModelChange.VmUpdated u && u.before().isOwned() && !u.after().isOwned()
                && host.name().equals(u.after().host())) {
            enqueue(new CheckWork(u.after().name(), "released by action " + u.before().owner()));
        }
    }

    private void enqueue(Work w) {
        if (!running) {
            return;
        }
        idleLock.lock();
        try {
            outstanding++;
        } finally {
            idleLock.unlock();
        }
        queue.add(w);
    }

    private void runWorker() {
        while (true) {
            Work w;
            try {
                w = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (w instanceof Shutdown) {
                    return;
                }
                process(w);
            } catch (RuntimeException e) {
                LOG.warn("monitor of host {}: {} failed; the next event or reconcile tries again", host.name(), w, e);
            } finally {
                done();
            }
        }
    }

    private void done() {
        idleLock.lock();
        try {
            outstanding--;
            if (outstanding <= 0) {
                idle.signalAll();
            }
        } finally {
            idleLock.unlock();
        }
    }

    /**
     * Waits until the monitor's queue is empty and nothing is being applied, or {@code timeout}
     * passes; true if idle. For tests and benchmarks.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        idleLock.lock();
        try {
            while (outstanding > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            idleLock.unlock();
        }
    }

    private void process(Work w) {
        syncLock.lock();
        try {
            if (w instanceof EventWork ew) {
                onEvent(ew.event());
            } else if (w instanceof StopDue due) {
                PendingStop p = pendingStops.get(due.name());
                if (p != null && p.token() == due.token()) {
                    pendingStops.remove(due.name());
                    stopped(due.name(), cause(p.event()));
                }
            } else if (w instanceof ReconcileWork r) {
                reconcileOnWorker(r.cause());
            } else if (w instanceof CheckWork c) {
                if (!pendingStops.containsKey(c.name())) {
                    check(c.name(), c.cause());
                }
            }
        } finally {
            syncLock.unlock();
        }
    }

    private void reconcileOnWorker(String cause) {
        try {
            reconcile("reconcile " + cause);
        } catch (DriverException e) {
            if (e.category() == FailureCategory.TRANSIENT) {
                LOG.warn("reconcile of host {} ({}) failed, host shown DOWN: {}", host.name(), cause, e.getMessage());
                reconciler.markHostDown();
                return;
            }
            throw e;
        }
    }

    private void onEvent(DomainEvent e) {
        String name = e.name();
        LOG.debug("host {}: event {}", host.name(), e);
        PendingStop pending = pendingStops.remove(name);
        if (pending != null) {
            pending.timer().cancel();
            if (e.type() == DomainEvent.Type.STARTED) {
                Optional<Vm> vm = model.vm(name);
                if (vm.isPresent() && !vm.get().isOwned()) {
                    deliver(List.of(reconciler.rebooted(vm.get(), cause(pending.event()) + " then " + cause(e))));
                }
                check(name, cause(e));
                return;
            }
            stopped(name, cause(pending.event())); // the held stop was a stop after all
        }
        switch (e.type()) {
            case STOPPED -> {
                if (holdsAsReboot(e)) {
                    long token = ++stopSeq;
                    TaskScheduler.Scheduled timer = scheduler.schedule(() -> enqueue(new StopDue(name, token)),
                            rebootWindow);
                    pendingStops.put(name, new PendingStop(token, timer, e));
                    return;
                }
                stopped(name, cause(e));
            }
            case SHUTDOWN -> LOG.debug("vm {} on {} is shutting down; its STOPPED event follows", name, host.name());
            case DEFINED -> {
                reconciler.forgetFacts(name, e.uuid());
                check(name, cause(e));
            }
            default -> check(name, cause(e));
        }
    }

    private boolean holdsAsReboot(DomainEvent e) {
        if (rebootWindow.isZero() || !rebootDetails.contains(e.detail())) {
            return false;
        }
        Optional<Vm> vm = model.vm(e.name());
        return vm.isPresent() && !vm.get().isOwned()
                && (vm.get().state() == VmState.RUNNING || vm.get().state() == VmState.PAUSED);
    }

    private void check(String name, String cause) {
        try {
            deliver(reconciler.one(name, cause));
        } catch (DriverException ex) {
            if (ex.category() == FailureCategory.TRANSIENT) {
                LOG.warn("host {}: could not re-read vm {} after {} ({}); the reconcile after reconnect catches up",
                        host.name(), name, cause, ex.getMessage());
                return;
            }
            throw ex;
        }
    }

    private void stopped(String name, String cause) {
        try {
            deliver(reconciler.stopped(name, cause));
        } catch (DriverException ex) {
            if (ex.category() == FailureCategory.TRANSIENT) {
                LOG.warn("host {}: could not apply the stop of vm {} ({}); the reconcile after reconnect catches up",
                        host.name(), name, ex.getMessage());
                return;
            }
            throw ex;
        }
    }

    private static String cause(DomainEvent e) {
        return "event " + e.type() + " " + e.detail();
    }

    private void deliver(List<DriftEvent> drift) {
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

    // ---------------------------------------------------------------- closing

    /** Stops following the host: unsubscribes, cancels timers, ends the thread. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            model.removeListener(releaseListener);
            closeQuietly(subscription, "event subscription");
            closeQuietly(reconnectHandle, "reconnect listener");
            if (periodic != null) {
                periodic.cancel();
            }
            if (running) {
                stopWorker();
                running = false;
            }
            syncLock.lock();
            try {
                pendingStops.values().forEach(p -> p.timer().cancel());
                pendingStops.clear();
            } finally {
                syncLock.unlock();
            }
            if (ownScheduler != null) {
                ownScheduler.close();
            }
        }
    }

    private void stopWorker() {
        queue.add(new Shutdown());
        try {
            worker.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            LOG.warn("monitor thread of host {} did not end within 10 s; interrupting it", host.name());
            worker.interrupt();
        }
    }

    private void closeQuietly(AutoCloseable c, String what) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing the {} of host {} failed: {}", what, host.name(), e.getMessage());
        }
    }

    /** Number of VMs whose vCPUs, memory and MACs are cached, for tests. */
    int cachedFacts() {
        return reconciler.cachedFacts();
    }

    @Override
    public String toString() {
        return "HostMonitor[" + host.name() + (running ? ", started" : "") + (closed ? ", closed" : "") + "]";
    }

    /**
     * Settings of a {@link HostMonitor}.
     *
     * <pre>{@code
     * HostMonitor m = HostMonitor.builder(host, model)
     *         .reconcileInterval(Duration.ofMinutes(5))   // ZERO: no periodic reconcile
     *         .rebootWindow(Duration.ofMillis(500))
     *         .rebootDetails(Set.of("shutdown", "destroyed"))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final LibvirtHost host;
        private final ResourceModel model;
        private Duration reconcileInterval = Duration.ofMinutes(5);
        private Duration rebootWindow = Duration.ofMillis(500);
        private Set<String> rebootDetails = Set.of("shutdown");
        private TaskScheduler scheduler;
        private Clock clock = Clock.systemUTC();

        private Builder(LibvirtHost host, ResourceModel model) {
            this.host = Objects.requireNonNull(host, "host");
            this.model = Objects.requireNonNull(model, "model");
        }

        /** How often the full reconcile runs once started (default 5 min; ZERO turns it off). */
        public Builder reconcileInterval(Duration interval) {
            InvalidInputException.check(interval != null && !interval.isNegative(),
                    "reconcile interval must not be negative: %s", interval);
            this.reconcileInterval = interval;
            return this;
        }

        /** How long a stop waits for a start that makes it a reboot (default 500 ms; ZERO: never). */
        public Builder rebootWindow(Duration window) {
            InvalidInputException.check(window != null && !window.isNegative(),
                    "reboot window must not be negative: %s", window);
            this.rebootWindow = window;
            return this;
        }

        /**
         * The details of STOPPED events (in virsh's words) that may be the first half of a reboot
         * and wait {@link #rebootWindow} (default {@code shutdown}).
         */
        public Builder rebootDetails(Set<String> details) {
            this.rebootDetails = ImmutableSet.copyOf(Objects.requireNonNull(details, "details"));
            return this;
        }

        /** Where the reboot window and the periodic reconcile are timed (default: a timer thread). */
        public Builder scheduler(TaskScheduler s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /** The clock of {@link DriftEvent#at()} (default UTC system clock). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        public HostMonitor build() {
            return new HostMonitor(this);
        }
    }
}
