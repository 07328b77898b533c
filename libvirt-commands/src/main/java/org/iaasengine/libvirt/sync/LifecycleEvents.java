package org.iaasengine.libvirt.sync;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Objects;
import org.iaasengine.model.VmState;

/**
 * Wakame-VDC's named instance lifecycle events, as plain records that serialize (Jackson, with the
 * event's name in field {@code "event"}), for a host agent to send over a broker:
 * {@code instance_started}, {@code instance_turnedon}, {@code instance_turnedoff},
 * {@code instance_terminated}, {@code fault_instance}. A {@link HostMonitor} hands them to its
 * {@link Listener}s on its own thread, after the model change is visible.
 *
 * <table>
 *   <caption>When the monitor sends each</caption>
 *   <tr><td>instance_started</td><td>a STARTED event of a VM being created (CREATING)</td></tr>
 *   <tr><td>instance_turnedon</td><td>any other STARTED event (boot, restore...), not a reboot's second half</td></tr>
 *   <tr><td>instance_turnedoff</td><td>a STOPPED event that is neither a fault nor a migration nor a reboot</td></tr>
 *   <tr><td>instance_terminated</td><td>the VM left the model while on this host (terminate, delete, a reconcile)</td></tr>
 *   <tr><td>fault_instance</td><td>a STOPPED event with detail FAILED or CRASHED (the QEMU died: killed,
 *   crashed), a CRASHED event; or a VM stuck in a transitional state past the deadline, recovered</td></tr>
 * </table>
 *
 * <pre>{@code
 * monitor.addLifecycleListener(e -> broker.publish("event." + e.event(), json.writeValueAsBytes(e)));
 * if (e instanceof LifecycleEvents.FaultInstance f && f.recovery() == LifecycleEvents.Recovery.FORCED_OFF) { ... }
 * }</pre>
 */
public final class LifecycleEvents {
    private LifecycleEvents() {
    }

    /** One lifecycle event of one VM on one host. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = InstanceStarted.class, name = InstanceStarted.NAME),
        @JsonSubTypes.Type(value = InstanceTurnedOn.class, name = InstanceTurnedOn.NAME),
        @JsonSubTypes.Type(value = InstanceTurnedOff.class, name = InstanceTurnedOff.NAME),
        @JsonSubTypes.Type(value = InstanceTerminated.class, name = InstanceTerminated.NAME),
        @JsonSubTypes.Type(value = FaultInstance.class, name = FaultInstance.NAME)})
    public sealed interface LifecycleEvent extends org.iaasengine.model.InstanceEvent
            permits InstanceStarted, InstanceTurnedOn, InstanceTurnedOff, InstanceTerminated, FaultInstance {
        /** The event's Wakame name ({@code instance_started}...), also its JSON {@code "event"} field. */
        @JsonIgnore
        @Override
        String event();

        /** The host's model name. */
        @Override
        String host();

        /** The VM's name. */
        @Override
        String vm();

        /** The VM's UUID when known, else null. */
        String uuid();

        /** When the monitor applied it. */
        Instant at();
    }

    /** How the monitor recovered a VM: by libvirt's word, or by policy after a deadline. */
    public enum Recovery {
        /** The model now shows what the host reports (the guest died; the VM is off). */
        STATE_CORRECTED,
        /** A VM left HALTING (a soft power-off) past the deadline: destroyed if it still ran, recorded SHUTOFF. */
        HALTED,
        /** A VM left STOPPING by an action that did not finish in time: taken from it, destroyed, SHUTOFF. */
        FORCED_OFF
    }

    /**
     * {@code instance_started}: a VM being created runs.
     *
     * @param reason libvirt's event detail ({@code STARTED_BOOTED}...)
     */
    public record InstanceStarted(String host, String vm, String uuid, String reason, Instant at)
            implements LifecycleEvent {
        public static final String NAME = "instance_started";

        public InstanceStarted {
            check(host, vm, at);
        }

        @Override
        public String event() {
            return NAME;
        }
    }

    /**
     * {@code instance_turnedon}: a VM was started (booted, restored, woken).
     *
     * @param reason libvirt's event detail
     */
    public record InstanceTurnedOn(String host, String vm, String uuid, String reason, Instant at)
            implements LifecycleEvent {
        public static final String NAME = "instance_turnedon";

        public InstanceTurnedOn {
            check(host, vm, at);
        }

        @Override
        public String event() {
            return NAME;
        }
    }

    /**
     * {@code instance_turnedoff}: a VM stopped as asked (the guest shut down, a destroy, a save).
     *
     * @param reason libvirt's event detail ({@code STOPPED_SHUTDOWN}, {@code STOPPED_DESTROYED}...)
     * @param from   the model's state before ({@code HALTING} after a soft power-off)
     * @param to     the model's state after
     */
    public record InstanceTurnedOff(String host, String vm, String uuid, String reason, VmState from, VmState to,
            Instant at) implements LifecycleEvent {
        public static final String NAME = "instance_turnedoff";

        public InstanceTurnedOff {
            check(host, vm, at);
        }

        @Override
        public String event() {
            return NAME;
        }
    }

    /** {@code instance_terminated}: the VM left the model while on this host. */
    public record InstanceTerminated(String host, String vm, String uuid, Instant at) implements LifecycleEvent {
        public static final String NAME = "instance_terminated";

        public InstanceTerminated {
            check(host, vm, at);
        }

        @Override
        public String event() {
            return NAME;
        }
    }

    /**
     * {@code fault_instance}: a VM died behind the library's back, or was stuck and recovered.
     *
     * @param reason   libvirt's event detail ({@code STOPPED_FAILED}, {@code STOPPED_CRASHED},
     *                 {@code CRASHED_PANICKED}...) or, for a stuck VM, {@code STUCK_HALTING} / {@code STUCK_STOPPING}
     * @param from     the model's state before
     * @param to       the model's state after
     * @param recovery what the monitor did
     * @param detail   a sentence for people (what was seen, for how long, what was done)
     */
    public record FaultInstance(String host, String vm, String uuid, String reason, VmState from, VmState to,
            Recovery recovery, String detail, Instant at) implements LifecycleEvent {
        public static final String NAME = "fault_instance";

        public FaultInstance {
            check(host, vm, at);
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(recovery, "recovery");
        }

        @Override
        public String event() {
            return NAME;
        }
    }

    /**
     * Receives a {@link HostMonitor}'s lifecycle events, in order, on the monitor's thread. It should be
     * quick; one that throws is logged and the others still hear.
     */
    @FunctionalInterface
    public interface Listener {
        void onLifecycle(LifecycleEvent event);
    }

    private static void check(String host, String vm, Instant at) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(at, "at");
    }
}
