package org.iaasengine.libvirt.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance monitor's recovery of VMs stuck in a transitional state (Wakame-VDC left an instance
 * in {@code halting} for ever). Each {@link #check} notes, per VM of this host, since when it has
 * been in the same stuck-prone state (same state, same owner); past the deadline it recovers it by
 * policy and reports a {@code fault_instance} that says so:
 * <ul>
 *   <li>{@link VmState#HALTING} (a soft power-off the guest did not follow): destroyed if it still
 *   runs, recorded SHUTOFF; recovery {@link LifecycleEvents.Recovery#HALTED}.</li>
 *   <li>{@link VmState#STOPPING} owned by an action that did not finish in time (its process died,
 *   it hangs; an owner the monitor is told is alive, an action its engine still runs, is never stuck): the monitor takes the VM from that owner in one model update, destroys it if it still
 *   runs and releases it SHUTOFF; recovery {@link LifecycleEvents.Recovery#FORCED_OFF}. The late
 *   action's own release then changes nothing (it no longer owns the VM).</li>
 * </ul>
 * Other transitional states are left to their actions and the journal's recovery. Called on the
 * monitor's thread with its sync lock held; the model re-read after a recovery is the monitor's.
 */
final class StuckWatch {
    private static final Logger LOG = LoggerFactory.getLogger(HostMonitor.class);

    private final LibvirtHost host;
    private final ResourceModel model;
    private final Clock clock;
    private final Duration deadline;
    private final Consumer<String> recheck;
    private final java.util.function.Predicate<String> ownerAlive;
    private final Map<String, Seen> seen = new HashMap<>();

    /** A VM's stuck-prone state and owner, and when it was first seen so. */
    private record Seen(VmState state, String owner, Instant since) {
    }

    /**
     * @param recheck    re-reads one VM from the host into the model (the monitor's one-VM reconcile)
     * @param ownerAlive true for an owner that is an action still running (never stuck, however slow)
     */
    StuckWatch(LibvirtHost host, ResourceModel model, Clock clock, Duration deadline, Consumer<String> recheck,
            java.util.function.Predicate<String> ownerAlive) {
        this.host = host;
        this.model = model;
        this.clock = clock;
        this.deadline = deadline;
        this.recheck = recheck;
        this.ownerAlive = ownerAlive;
    }

    private static boolean stuckProne(Vm vm) {
        return (vm.state() == VmState.HALTING && !vm.isOwned()) || (vm.state() == VmState.STOPPING && vm.isOwned());
    }

    /** Notes the stuck-prone VMs and recovers those past the deadline; returns the fault events. */
    List<LifecycleEvents.LifecycleEvent> check() {
        Instant now = clock.instant();
        Set<String> present = new HashSet<>();
        List<Vm> due = new ArrayList<>();
        for (Vm vm : model.snapshot().vms().values()) {
            if (!host.name().equals(vm.host()) || !stuckProne(vm)
                    || (vm.isOwned() && ownerAlive.test(vm.owner()))) {
                continue;
            }
            present.add(vm.name());
            Seen s = seen.get(vm.name());
            if (s == null || s.state() != vm.state() || !java.util.Objects.equals(s.owner(), vm.owner())) {
                seen.put(vm.name(), new Seen(vm.state(), vm.owner(), now));
            } else if (Duration.between(s.since(), now).compareTo(deadline) >= 0) {
                due.add(vm);
            }
        }
        seen.keySet().retainAll(present);
        List<LifecycleEvents.LifecycleEvent> out = new ArrayList<>();
        for (Vm vm : due) {
            Duration stuckFor = Duration.between(seen.get(vm.name()).since(), now);
            recover(vm, stuckFor).ifPresent(out::add);
            seen.remove(vm.name());
        }
        return out;
    }

    private Optional<LifecycleEvents.LifecycleEvent> recover(Vm vm, Duration stuckFor) {
        String name = vm.name();
        if (vm.state() == VmState.HALTING) {
            boolean destroyed = destroyIfRunning(name);
            recheck.accept(name);
            return Optional.of(fault(vm, "STUCK_HALTING", LifecycleEvents.Recovery.HALTED,
                    "halting for " + stuckFor.toSeconds() + " s (deadline " + deadline.toSeconds() + " s); "
                            + (destroyed ? "the guest ignored the power button and was destroyed" : "it was off already")));
        }
        String monitorOwner = "monitor:" + host.name() + ":stuck:" + vm.owner();
        boolean[] taken = new boolean[1];
        model.update(m -> m.vm(name).ifPresent(current -> {
            if (current.state() == VmState.STOPPING && vm.owner().equals(current.owner())) {
                m.putVm(current.withOwner(monitorOwner));
                taken[0] = true;
            }
        }));
        if (!taken[0]) {
            return Optional.empty(); // its action released it meanwhile
        }
        boolean destroyed;
        try {
            destroyed = destroyIfRunning(name);
        } catch (RuntimeException e) {
            model.release(name, monitorOwner, current -> current.withOwner(vm.owner()));
            throw e;
        }
        model.release(name, monitorOwner, current -> current.withState(VmState.SHUTOFF));
        recheck.accept(name);
        return Optional.of(fault(vm, "STUCK_STOPPING", LifecycleEvents.Recovery.FORCED_OFF,
                "stopping for " + stuckFor.toSeconds() + " s under action " + vm.owner() + " (deadline "
                        + deadline.toSeconds() + " s); " + (destroyed ? "forced off" : "it was off already")
                        + ", taken from that action"));
    }

    private LifecycleEvents.FaultInstance fault(Vm before, String reason, LifecycleEvents.Recovery recovery,
            String detail) {
        LOG.warn("host {}: vm {} {}: {}", host.name(), before.name(), reason, detail);
        return new LifecycleEvents.FaultInstance(host.name(), before.name(), before.uuid(), reason, before.state(),
                model.vm(before.name()).map(Vm::state).orElse(null), recovery, detail, clock.instant());
    }

    /** Destroys the domain if the host runs it; true if it did. */
    private boolean destroyIfRunning(String name) {
        Optional<DomainSummary> d = host.driver().lookup(name);
        if (d.isEmpty() || !d.get().state().isActive()) {
            return false;
        }
        try {
            host.driver().destroy(name);
            return true;
        } catch (DriverException e) {
            if (e.error() == LibvirtError.OPERATION_INVALID || e.category() == FailureCategory.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
