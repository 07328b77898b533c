package org.iaasengine.libvirt.sync;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.iaasengine.core.Action;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.spi.SystemScheduler;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.VmState;
import org.iaasengine.model.ModelListener;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the resource model true to one libvirt host: a full reconcile on demand
 * ({@link #initModel()}, also as the engine action {@link #initModelAction()}), and once
 * {@link #start() started}, incremental updates from libvirt's lifecycle events, a full reconcile
 * after every reconnect of the driver ({@link org.iaasengine.libvirt.driver.LibvirtDriver#addReconnectListener
 * addReconnectListener}: events sent while the daemon was away are lost) and a periodic full
 * reconcile as a safety net. Every difference found is reported to the {@link DriftListener}s as a
 * {@link DriftEvent}.
 *
 * <p><b>Threads.</b> The driver's event callback only enqueues. One thread of the monitor's own
 * ({@code iaas-host-monitor[NAME]}) takes the queue in order: for each event it re-reads that one
 * domain ({@code lookup}: the host's present state, so a late or reordered event cannot regress
 * the model) and writes the VM. A STOPPED event is the exception: it is applied as it is (a persistent
 * domain is shut off, a transient one gone), since a lookup then would wait for libvirtd to finish
 * tearing the domain down. Full reconciles run on that thread too, or on the caller's for
 * {@link #initModel()}; a lock makes reconciles and event handling take turns, so a reconcile
 * never writes an older reading over a newer event's.
 *
 * <p><b>Reboots.</b> A STOPPED event whose detail is one of {@link Builder#rebootDetails} (by
 * default {@link EventDetail#STOPPED_SHUTDOWN}: the guest powered itself off) is held for {@link Builder#rebootWindow}
 * (default 500 ms). A STARTED event for the same VM within the window makes it a reboot: the
 * model keeps the VM running and a {@link DriftEvent.Kind#REBOOTED} is reported, no stop. Other
 * stops ({@code STOPPED_DESTROYED}, {@code STOPPED_CRASHED}, {@code STOPPED_MIGRATED}...) are applied at
 * once, so that a destroy shows in the model within milliseconds; add {@code STOPPED_DESTROYED} to the
 * details to treat a destroy-then-start ("hard reboot") as a reboot too, at the cost of showing
 * every destroy one window late.
 *
 * <p><b>Ownership.</b> A VM owned by an action in flight keeps its transitional state and host
 * ({@link ResourceModel#observe}); a reconcile never removes or marks off an owned VM (such as a
 * CREATING placeholder). When the action releases the VM, the monitor re-reads it from the host,
 * so a change the action's ownership masked is not missed.
 *
 * <p><b>Instance monitor.</b> Wakame's named lifecycle events ({@link LifecycleEvents}) go to the
 * {@link #addLifecycleListener lifecycle listeners} on the monitor's thread: a STARTED event is
 * {@code instance_started} (a VM being created) or {@code instance_turnedon}; a STOPPED event
 * {@code instance_turnedoff}, or {@code fault_instance} when libvirt says the QEMU failed or crashed
 * ({@code STOPPED_FAILED}, {@code STOPPED_CRASHED}, a CRASHED event), with libvirt's detail as its
 * reason; a VM leaving the model on this host {@code instance_terminated}. Every
 * {@link Builder#stuckCheckInterval} the monitor's thread looks for VMs stuck past
 * {@link Builder#stuckDeadline} ({@link StuckWatch}: HALTING -> halted, STOPPING -> forced off) and
 * reports each recovery as a {@code fault_instance}.
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

    private final LibvirtHost host;
    private final ResourceModel model;
    private final Duration reconcileInterval;
    private final Duration rebootWindow;
    private final Set<EventDetail> rebootDetails;
    private final TaskScheduler scheduler;
    private final SystemScheduler ownScheduler;
    private final Reconciler reconciler;
    private final DriftFanout drift = new DriftFanout();
    private final List<LifecycleEvents.Listener> lifecycleListeners = new CopyOnWriteArrayList<>();
    private final Duration stuckCheckInterval;
    /** Guarded by syncLock. */
    private final StuckWatch stuck;
    private final java.time.Clock clock;
    private volatile TaskScheduler.Scheduled stuckTimer;

    /** Taken by whoever reconciles or applies an event: they take turns. */
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Guarded by syncLock. */
    private final EventApplier events;
    private final MonitorQueue<Work> queue;

    private final Object lifecycle = new Object();
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

    private record StuckCheckWork() implements Work {
    }

    private record TerminatedWork(Vm vm) implements Work {
    }

    private HostMonitor(Builder b) {
        this.host = b.host;
        this.model = b.model;
        this.reconcileInterval = b.reconcileInterval;
        this.rebootWindow = b.rebootWindow;
        this.rebootDetails = b.rebootDetails;
        this.ownScheduler = b.scheduler == null
                ? new SystemScheduler("iaas-host-monitor-timer[" + b.host.name() + "]")
                : null;
        this.scheduler = b.scheduler != null ? b.scheduler : ownScheduler;
        this.reconciler = new Reconciler(b.host, b.model, b.clock);
        this.events = new EventApplier(b.host, b.model, reconciler, scheduler, rebootWindow, rebootDetails,
                drift::deliver, (name, token) -> enqueue(new StopDue(name, token)), this::deliverLifecycle, b.clock);
        this.clock = b.clock;
        this.stuckCheckInterval = b.stuckCheckInterval;
        this.stuck = new StuckWatch(b.host, b.model, b.clock, b.stuckDeadline,
                name -> events.checkUnlessHeld(name, "stuck recovery"), b.ownerAlive);
        this.queue = new MonitorQueue<>(b.host.name(), this::process);
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
        drift.add(listener);
    }

    public void removeDriftListener(DriftListener listener) {
        drift.remove(listener);
    }

    /**
     * Adds a listener of the named lifecycle events ({@link LifecycleEvents}: instance_started,
     * instance_turnedon, instance_turnedoff, instance_terminated, fault_instance), called in order on
     * the monitor's thread once {@link #start() started}, after the model change is visible.
     */
    public void addLifecycleListener(LifecycleEvents.Listener listener) {
        lifecycleListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeLifecycleListener(LifecycleEvents.Listener listener) {
        lifecycleListeners.remove(listener);
    }

    private void deliverLifecycle(List<LifecycleEvents.LifecycleEvent> events) {
        for (LifecycleEvents.LifecycleEvent e : events) {
            LOG.info("host {}: {} {} ({})", e.host(), e.event(), e.vm(), e);
            for (LifecycleEvents.Listener l : lifecycleListeners) {
                try {
                    l.onLifecycle(e);
                } catch (RuntimeException ex) {
                    LOG.warn("lifecycle listener {} failed on {}", l, e, ex);
                }
            }
        }
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
        return InitModelPlan.of(host, this::initModel);
    }

    private SyncReport reconcile(String cause) {
        syncLock.lock();
        try {
            SyncReport report = reconciler.full(cause, events.held());
            drift.deliver(report.drift());
            return report;
        } finally {
            syncLock.unlock();
        }
    }

    // ---------------------------------------------------------------- following the host

    /**
     * Follows the host: subscribes to lifecycle events, registers a reconnect listener on the driver
     * that triggers a full reconcile, schedules the periodic reconcile, and queues one
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
            queue.start("iaas-host-monitor[" + host.name() + "]");
            try {
                subscription = host.driver().subscribe(e -> enqueue(new EventWork(e)));
            } catch (RuntimeException e) {
                queue.stop();
                running = false;
                throw e;
            }
            reconnectHandle = host.driver().addReconnectListener(() -> enqueue(new ReconcileWork("reconnect")));
            model.addListener(releaseListener);
            enqueue(new ReconcileWork("start"));
            schedulePeriodic();
            scheduleStuckCheck();
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

    private void scheduleStuckCheck() {
        if (stuckCheckInterval.isZero() || !running || closed) {
            return;
        }
        stuckTimer = scheduler.schedule(() -> {
            enqueue(new StuckCheckWork());
            scheduleStuckCheck();
        }, stuckCheckInterval);
    }

    private void onModelChange(ModelChange change) {
        if (change instanceof ModelChange.VmRemoved r && host.name().equals(r.vm().host())) {
            events.notCreating(r.vm().name());
            enqueue(new TerminatedWork(r.vm()));
            return;
        }
        // A VM being created here: its first STARTED event is instance_started, however late it comes.
        if (change instanceof ModelChange.VmAdded a && a.vm().state() == VmState.CREATING
                && host.name().equals(a.vm().host())) {
            events.creating(a.vm().name());
        } else if (change instanceof ModelChange.VmUpdated u && u.after().state() == VmState.CREATING
                && host.name().equals(u.after().host())) {
            events.creating(u.after().name());
        }
        if (change instanceof ModelChange.VmUpdated u && u.before().isOwned() && !u.after().isOwned()
                && host.name().equals(u.after().host())) {
            enqueue(new CheckWork(u.after().name(), "released by action " + u.before().owner()));
        }
    }

    private void enqueue(Work w) {
        if (!running) {
            return;
        }
        queue.add(w);
    }

    /**
     * Waits until the monitor's queue is empty and nothing is being applied, or {@code timeout}
     * passes; true if idle. For tests and benchmarks.
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        return queue.awaitIdle(timeout);
    }

    private void process(Work w) {
        syncLock.lock();
        try {
            if (w instanceof EventWork ew) {
                events.onEvent(ew.event());
            } else if (w instanceof StopDue due) {
                events.stopDue(due.name(), due.token());
            } else if (w instanceof ReconcileWork r) {
                reconcileOnWorker(r.cause());
            } else if (w instanceof CheckWork c) {
                events.checkUnlessHeld(c.name(), c.cause());
            } else if (w instanceof StuckCheckWork) {
                deliverLifecycle(stuck.check());
            } else if (w instanceof TerminatedWork t) {
                deliverLifecycle(List.of(new LifecycleEvents.InstanceTerminated(host.name(), t.vm().name(),
                        t.vm().uuid(), clock.instant())));
            }
        } finally {
            syncLock.unlock();
        }
    }

    private void reconcileOnWorker(String cause) {
        try {
            SyncReport report = reconcile("reconcile " + cause);
            deliverLifecycle(faultsSeenByReconcile(report.drift()));
        } catch (DriverException e) {
            if (e.category() == FailureCategory.TRANSIENT) {
                LOG.warn("reconcile of host {} ({}) failed, host shown DOWN: {}", host.name(), cause, e.getMessage());
                reconciler.markHostDown();
                return;
            }
            throw e;
        }
    }

    /**
     * A VM a reconcile found off that the model showed running (its event was missed: the monitor
     * was away, the connection down) is a {@code fault_instance} when libvirt's state reason says
     * its QEMU failed or crashed ({@code SHUTOFF_CRASHED}, {@code SHUTOFF_FAILED}, CRASHED); the
     * reason is libvirt's. A transient domain is gone by then: no reason to read, no event.
     */
    private List<LifecycleEvents.LifecycleEvent> faultsSeenByReconcile(List<DriftEvent> drift) {
        List<LifecycleEvents.LifecycleEvent> out = new java.util.ArrayList<>();
        for (DriftEvent d : drift) {
            boolean wasOn = d.from() == org.iaasengine.model.VmState.RUNNING
                    || d.from() == org.iaasengine.model.VmState.PAUSED;
            boolean nowOff = d.to() == org.iaasengine.model.VmState.SHUTOFF
                    || d.to() == org.iaasengine.model.VmState.CRASHED;
            if (!wasOn || !nowOff) {
                continue;
            }
            org.iaasengine.libvirt.driver.DomainStatus st;
            try {
                st = host.driver().state(d.vm());
            } catch (DriverException e) {
                continue; // gone (transient) or unreadable: no reason to tell
            }
            org.iaasengine.libvirt.driver.StateReason r = st.reason();
            if (r == org.iaasengine.libvirt.driver.StateReason.SHUTOFF_CRASHED
                    || r == org.iaasengine.libvirt.driver.StateReason.SHUTOFF_FAILED
                    || st.state() == org.iaasengine.libvirt.driver.DomainState.CRASHED) {
                out.add(new LifecycleEvents.FaultInstance(host.name(), d.vm(), d.uuid(), r.name(), d.from(), d.to(),
                        LifecycleEvents.Recovery.STATE_CORRECTED, "found " + r.name() + " by the " + d.cause()
                                + " (its event was missed); the model shows " + d.to(), clock.instant()));
            }
        }
        return out;
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
            MonitorQueue.closeQuietly(subscription, "event subscription", host.name());
            MonitorQueue.closeQuietly(reconnectHandle, "reconnect listener", host.name());
            if (periodic != null) {
                periodic.cancel();
            }
            if (stuckTimer != null) {
                stuckTimer.cancel();
            }
            if (running) {
                queue.stop();
                running = false;
            }
            syncLock.lock();
            try {
                events.cancelAll();
            } finally {
                syncLock.unlock();
            }
            if (ownScheduler != null) {
                ownScheduler.close();
            }
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
     *         .rebootDetails(Set.of(EventDetail.STOPPED_SHUTDOWN, EventDetail.STOPPED_DESTROYED))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final LibvirtHost host;
        private final ResourceModel model;
        private Duration reconcileInterval = Duration.ofMinutes(5);
        private Duration rebootWindow = Duration.ofMillis(500);
        private Set<EventDetail> rebootDetails = Set.of(EventDetail.STOPPED_SHUTDOWN);
        private TaskScheduler scheduler;
        private Clock clock = Clock.systemUTC();
        private Duration stuckDeadline = Duration.ofMinutes(10);
        private Duration stuckCheckInterval = Duration.ofSeconds(30);
        private java.util.function.Predicate<String> ownerAlive = owner -> false;

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
         * The details of STOPPED events that may be the first half of a reboot and wait
         * {@link #rebootWindow} (default {@link EventDetail#STOPPED_SHUTDOWN}).
         */
        public Builder rebootDetails(Set<EventDetail> details) {
            this.rebootDetails = ImmutableSet.copyOf(Objects.requireNonNull(details, "details"));
            return this;
        }

        /**
         * Where the reboot window, the periodic reconcile and the stuck check are timed (default: a
         * {@link SystemScheduler} of the monitor's own, thread {@code iaas-host-monitor-timer[NAME]},
         * stopped by {@link HostMonitor#close()}).
         */
        public Builder scheduler(TaskScheduler s) {
            this.scheduler = Objects.requireNonNull(s, "scheduler");
            return this;
        }

        /** The clock of {@link DriftEvent#at()} (default UTC system clock). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * How long a VM may stay HALTING (a soft power-off), or STOPPING under one action, before the
         * monitor recovers it by policy (default 10 min; keep it above the actions' timeouts). See
         * {@link StuckWatch}: HALTING -> halted, STOPPING -> forced off, each a {@code fault_instance}.
         */
        public Builder stuckDeadline(Duration deadline) {
            InvalidInputException.check(deadline != null && !deadline.isNegative() && !deadline.isZero(),
                    "stuck deadline must be positive: %s", deadline);
            this.stuckDeadline = deadline;
            return this;
        }

        /** How often the monitor looks for stuck VMs once started (default 30 s; ZERO turns it off). */
        public Builder stuckCheckInterval(Duration interval) {
            InvalidInputException.check(interval != null && !interval.isNegative(),
                    "stuck check interval must not be negative: %s", interval);
            this.stuckCheckInterval = interval;
            return this;
        }

        /**
         * Tells which owners are actions still running (default: none known), so that a slow action's
         * VM is never taken as stuck; with the engine that runs the actions:
         * {@code .ownerAlive(id -> engine.active().stream().anyMatch(h -> h.id().equals(id)))}. An owner
         * not known alive (an action of a process that died) is stuck once past {@link #stuckDeadline}.
         */
        public Builder ownerAlive(java.util.function.Predicate<String> alive) {
            this.ownerAlive = Objects.requireNonNull(alive, "alive");
            return this;
        }

        public HostMonitor build() {
            return new HostMonitor(this);
        }
    }
}
