package org.iaasengine.libvirt.sync;

import java.time.Instant;
import java.util.Objects;
import org.iaasengine.model.VmState;

/**
 * One difference the sync found between the model and a host, and what it did about it. A plain
 * record that serializes as it is (for a log, a journal, or an orchestrator listening to a host
 * agent).
 *
 * <pre>{@code
 * monitor.addDriftListener(d -> {
 *     if (d.kind() == DriftEvent.Kind.REMOVED) {
 *         billing.stop(d.vm());
 *     }
 * });
 * }</pre>
 *
 * @param host  the host's name in the model
 * @param vm    the VM's name
 * @param uuid  its UUID when known, else null
 * @param kind  what was found and done
 * @param from  the model state before (null when the VM was not in the model)
 * @param to    the model state after (null when the VM was removed)
 * @param cause what revealed it: {@code event STOPPED destroyed}, {@code reconcile periodic}...
 * @param at    when the sync applied it
 */
public record DriftEvent(String host, String vm, String uuid, Kind kind, VmState from, VmState to, String cause,
        Instant at) {

    /** What the sync found and what it did. */
    public enum Kind {
        /** A VM on the host that the model did not know (and the library did not create) was added. */
        ADOPTED,
        /** The host runs the VM in another state than the model showed; the model follows the host. */
        STATE_CORRECTED,
        /** The model showed the VM on another host; it is on this one now. */
        MOVED,
        /** The host no longer lists the VM, whose definition is stored: it is shown shut off. */
        MARKED_OFF,
        /** The host no longer lists the VM and no definition is stored: it left the model. */
        REMOVED,
        /** A stop followed at once by a start: the VM rebooted and stays running in the model. */
        REBOOTED
    }

    public DriftEvent {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }
}
