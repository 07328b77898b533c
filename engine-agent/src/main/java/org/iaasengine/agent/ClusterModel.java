package org.iaasengine.agent;

import java.util.HashSet;
import java.util.Set;
import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * The orchestrator's model of every host its agents run: a {@link ResourceModel} fed by each
 * agent's InitModel (which replaces what the model held of that node) and model events. A node
 * speaks only for itself: it puts VMs on its own host, and removes a VM only while the model has
 * it on that host, so the two agents of a live migration can report in any order (host A "gone",
 * host B "put") and the VM ends on host B. Listeners of {@link #model()} hear every change.
 *
 * <pre>{@code
 * orchestrator.cluster().model().addListener(change -> log.info("{}", change));
 * List<Vm> onB = orchestrator.cluster().snapshot().vmsOn("host-b");
 * }</pre>
 */
public final class ClusterModel {
    private final ResourceModel model = new ResourceModel();
    private volatile java.util.function.BiPredicate<String, String> fenced = (node, vm) -> false;

    /** The live model (add listeners here; write only through the agents). */
    public ResourceModel model() {
        return model;
    }

    public ModelSnapshot snapshot() {
        return model.snapshot();
    }

    /**
     * Ignores from now on what {@code fence} says (node, VM) are leftovers: copies of an evacuated VM
     * on the host it left, which that host may still report until it cleaned them up.
     */
    void fence(java.util.function.BiPredicate<String, String> fence) {
        this.fenced = java.util.Objects.requireNonNull(fence, "fence");
    }

    /** Replaces what the model holds of {@code node} by its InitModel. */
    void replace(String node, Jobs.ModelState state) {
        model.update(m -> {
            Set<String> now = new HashSet<>();
            for (Vm v : state.vms()) {
                if (node.equals(v.host()) && !fenced.test(node, v.name())) {
                    now.add(v.name());
                    m.putVm(v);
                }
            }
            for (Vm v : m.vms()) {
                if (node.equals(v.host()) && !now.contains(v.name())) {
                    m.removeVm(v.name());
                }
            }
            for (Host h : state.hosts()) {
                if (node.equals(h.name())) {
                    m.putHost(h);
                }
            }
        });
    }

    /** Applies one change reported by {@code node}. */
    void apply(String node, Jobs.ModelEvent e) {
        switch (e.change()) {
            case VM_PUT -> {
                if (e.vm() != null && node.equals(e.vm().host()) && !fenced.test(node, e.vm().name())) {
                    model.putVm(e.vm());
                }
            }
            case VM_GONE -> {
                if (e.vm() != null) {
                    model.update(m -> m.vm(e.vm().name()).filter(v -> node.equals(v.host()))
                            .ifPresent(v -> m.removeVm(v.name())));
                }
            }
            case HOST_PUT -> {
                if (e.host() != null && node.equals(e.host().name())) {
                    model.putHost(e.host());
                }
            }
            default -> {
            }
        }
    }

    /** Marks {@code node}'s host UP, or UNKNOWN when its agent is not heard from. */
    void hostState(String node, HostState state) {
        model.update(m -> m.host(node).filter(h -> h.state() != state).ifPresent(h -> m.putHost(h.withState(state))));
    }
}
