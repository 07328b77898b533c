package org.iaasengine.libvirt.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.spi.TaskScheduler;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link HostMonitor} applies one lifecycle event: it re-reads the domain (a STOPPED event is
 * applied as it is), and holds a stop that may be the first half of a reboot for the reboot window,
 * until a STARTED event makes it a reboot or the window ends ({@link #stopDue}). Called on the
 * monitor's thread with its sync lock held.
 */
final class EventApplier {
    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);

    private final LibvirtHost host;
    private final ResourceModel model;
    private final Reconciler reconciler;
    private final TaskScheduler scheduler;
    private final Duration rebootWindow;
    private final Set<EventDetail> rebootDetails;
    private final Consumer<List<DriftEvent>> deliver;
    private final BiConsumer<String, Long> whenStopDue;
    private final Consumer<List<LifecycleEvents.LifecycleEvent>> lifecycle;
    private final Clock clock;
    /** Stops held back as possible reboots, by VM name. */
    private final Map<String, PendingStop> pendingStops = new HashMap<>();
    /** VMs a create put in the model that have not started yet (written by the model's threads). */
    private final Set<String> creating = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long stopSeq;

    private record PendingStop(long token, TaskScheduler.Scheduled timer, DomainEvent event) {
    }

    /**
     * @param deliver     hands drift to the monitor's listeners
     * @param whenStopDue called by the scheduler when a held stop's window ends (name, token): the
     *                    monitor queues it, and its thread calls {@link #stopDue}
     */
    EventApplier(LibvirtHost host, ResourceModel model, Reconciler reconciler, TaskScheduler scheduler,
            Duration rebootWindow, Set<EventDetail> rebootDetails, Consumer<List<DriftEvent>> deliver,
            BiConsumer<String, Long> whenStopDue, Consumer<List<LifecycleEvents.LifecycleEvent>> lifecycle,
            Clock clock) {
        this.host = host;
        this.model = model;
        this.reconciler = reconciler;
        this.scheduler = scheduler;
        this.rebootWindow = rebootWindow;
        this.rebootDetails = rebootDetails;
        this.deliver = deliver;
        this.whenStopDue = whenStopDue;
        this.lifecycle = lifecycle;
        this.clock = clock;
    }

    /** The VMs whose stop is held: a full reconcile leaves them alone. */
    Set<String> held() {
        return Set.copyOf(pendingStops.keySet());
    }

    /** A held stop's window ended: unless a newer event replaced it, the stop is applied. */
    void stopDue(String name, long token) {
        PendingStop p = pendingStops.get(name);
        if (p != null && p.token() == token) {
            pendingStops.remove(name);
            stopped(name, p.event());
        }
    }

    /** Re-reads {@code name} unless its stop is held. */
    void checkUnlessHeld(String name, String cause) {
        if (!pendingStops.containsKey(name)) {
            check(name, cause);
        }
    }

    /** Cancels every held stop's timer and forgets them. */
    void cancelAll() {
        pendingStops.values().forEach(p -> p.timer().cancel());
        pendingStops.clear();
    }

    void onEvent(DomainEvent e) {
        String name = e.name();
        LOG.debug("host {}: event {}", host.name(), e);
        PendingStop pending = pendingStops.remove(name);
        if (pending != null) {
            pending.timer().cancel();
            if (e.type() == DomainEvent.Type.STARTED) {
                Optional<Vm> vm = model.vm(name);
                if (vm.isPresent() && !vm.get().isOwned()) {
                    deliver.accept(List.of(reconciler.rebooted(vm.get(), cause(pending.event()) + " then " + cause(e))));
                }
                check(name, cause(e));
                return;
            }
            stopped(name, pending.event()); // the held stop was a stop after all
        }
        switch (e.type()) {
            case STOPPED -> {
                if (holdsAsReboot(e)) {
                    long token = ++stopSeq;
                    TaskScheduler.Scheduled timer = scheduler.schedule(() -> whenStopDue.accept(name, token),
                            rebootWindow);
                    pendingStops.put(name, new PendingStop(token, timer, e));
                    return;
                }
                stopped(name, e);
            }
            case STARTED -> started(name, e);
            case CRASHED -> crashed(name, e);
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
            deliver.accept(reconciler.one(name, cause));
        } catch (DriverException ex) {
            if (ex.category() == FailureCategory.TRANSIENT) {
                LOG.warn("host {}: could not re-read vm {} after {} ({}); the reconcile after reconnect catches up",
                        host.name(), name, cause, ex.getMessage());
                return;
            }
            throw ex;
        }
    }

    /** A create put {@code name} in the model: its next STARTED event is {@code instance_started}. */
    void creating(String name) {
        creating.add(name);
    }

    /** {@code name} left the model. */
    void notCreating(String name) {
        creating.remove(name);
    }

    /**
     * A STARTED event (not a reboot's second half): {@code instance_started} for a VM being created,
     * {@code instance_turnedon} otherwise; nothing for a migration's arrival.
     */
    private void started(String name, DomainEvent e) {
        Optional<Vm> before = model.vm(name);
        boolean first = creating.remove(name);
        check(name, cause(e));
        if (e.detail() == EventDetail.STARTED_MIGRATED) {
            return;
        }
        Optional<Vm> after = model.vm(name);
        if (after.isEmpty() || !host.name().equals(after.get().host())) {
            return;
        }
        String uuid = after.get().uuid() != null ? after.get().uuid() : e.uuid();
        if (first || before.isPresent() && before.get().state() == VmState.CREATING) {
            lifecycle.accept(List.of(new LifecycleEvents.InstanceStarted(host.name(), name, uuid, e.detail().name(),
                    clock.instant())));
        } else {
            lifecycle.accept(List.of(new LifecycleEvents.InstanceTurnedOn(host.name(), name, uuid, e.detail().name(),
                    clock.instant())));
        }
    }

    /** A CRASHED event (the guest panicked; QEMU may still be there): a fault, the model re-read. */
    private void crashed(String name, DomainEvent e) {
        Optional<Vm> before = model.vm(name);
        check(name, cause(e));
        fault(name, e, before, "the guest crashed (" + e.detail().label() + ")");
    }

    private void fault(String name, DomainEvent e, Optional<Vm> before, String what) {
        Optional<Vm> after = model.vm(name);
        Vm known = after.or(() -> before).orElse(null);
        if (known == null || !host.name().equals(known.host())) {
            return;
        }
        lifecycle.accept(List.of(new LifecycleEvents.FaultInstance(host.name(), name,
                known.uuid() != null ? known.uuid() : e.uuid(), e.detail().name(),
                before.map(Vm::state).orElse(null), after.map(Vm::state).orElse(null),
                LifecycleEvents.Recovery.STATE_CORRECTED,
                what + "; the model shows " + after.map(v -> v.state().name()).orElse("it gone"), clock.instant())));
    }

    /** Stops that the library did not ask for: the QEMU died (killed, crashed) or the guest crashed. */
    static boolean isFault(EventDetail d) {
        return d == EventDetail.STOPPED_FAILED || d == EventDetail.STOPPED_CRASHED;
    }

    /**
     * Applies a STOPPED event, then tells the lifecycle listeners: {@code fault_instance} for a QEMU
     * that died ({@link #isFault}), {@code instance_turnedoff} for other stops but a migration's.
     */
    private void stopped(String name, DomainEvent e) {
        Optional<Vm> before = model.vm(name);
        if (!applyStop(name, cause(e))) {
            return;
        }
        if (isFault(e.detail())) {
            fault(name, e, before, "the VM's QEMU ended unexpectedly (" + e.detail().label() + ")");
        } else if (e.detail() != EventDetail.STOPPED_MIGRATED && before.isPresent()
                && host.name().equals(before.get().host())) {
            Vm b = before.get();
            lifecycle.accept(List.of(new LifecycleEvents.InstanceTurnedOff(host.name(), name,
                    b.uuid() != null ? b.uuid() : e.uuid(), e.detail().name(), b.state(),
                    model.vm(name).map(Vm::state).orElse(null), clock.instant())));
        }
    }

    /** Applies a stop to the model; false when the host could not be read (the reconcile catches up). */
    private boolean applyStop(String name, String cause) {
        try {
            deliver.accept(reconciler.stopped(name, cause));
            return true;
        } catch (DriverException ex) {
            if (ex.category() == FailureCategory.TRANSIENT) {
                LOG.warn("host {}: could not apply the stop of vm {} ({}); the reconcile after reconnect catches up",
                        host.name(), name, ex.getMessage());
                return false;
            }
            throw ex;
        }
    }

    private static String cause(DomainEvent e) {
        return "event " + e.type() + " " + e.detail().label();
    }
}
