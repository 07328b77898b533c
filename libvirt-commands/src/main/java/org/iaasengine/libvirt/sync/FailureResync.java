package org.iaasengine.libvirt.sync;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.iaasengine.core.FailureHook;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure hook of the libvirt actions: after a failure, read the VM's real state from its
 * host(s) into the model, so the model never shows what the hosts do not run.
 *
 * <p>After a failure on several hosts (a migration), it finds where the VM really is: the first
 * host where it is active wins, else the first where it is defined, else the first host. Only the
 * VM the model knows counts: a domain of that name with another UUID is another VM. The hook never
 * writes a state for a VM that the model places on a host outside the action's hosts (an action
 * given the wrong host changes nothing), never touches a VM another action owns, and does nothing
 * for an action refused before its claim (none of the claim keys has a result).
 *
 * <pre>{@code
 * .onFailure(FailureResync.of(model, "web1", List.of(CLAIM), from, to))
 * }</pre>
 */
public final class FailureResync {
    private static final Logger LOG = LoggerFactory.getLogger(FailureResync.class);

    private FailureResync() {
    }

    /**
     * The hook for VM {@code name} on {@code hosts} (the first is where it was); {@code claims} are
     * the keys of the steps that claim or register the VM in the model.
     */
    public static FailureHook of(ResourceModel model, String name, List<Key<?>> claims, LibvirtHost... hosts) {
        List<String> names = Arrays.stream(hosts).map(LibvirtHost::name).toList();
        List<Key<?>> claimKeys = List.copyOf(claims);
        return (failure, results) -> {
            if (claimKeys.stream().allMatch(k -> results.find(k).isEmpty())) {
                // Refused before its claim (wrong host, another owner, not in the model): the claim
                // comes before every side effect, so nothing changed and there is nothing to re-read.
                return;
            }
            Optional<Vm> known = model.vm(name);
            if (known.isEmpty() || !mayResync(known.get(), names, results.actionId())) {
                return;
            }
            String uuid = known.get().uuid();
            LibvirtHost host = hosts[0];
            Optional<DomainSummary> d = Optional.empty();
            List<String> unreachable = new ArrayList<>();
            for (LibvirtHost h : hosts) {
                Optional<DomainSummary> found;
                try {
                    found = h.driver().lookup(name)
                            .filter(s -> s.mayBe(uuid));
                } catch (RuntimeException e) {
                    LOG.warn("could not re-read vm {} on {} after a failure: {}", name, h.name(), e.getMessage());
                    unreachable.add(h.name());
                    continue;
                }
                if (found.isPresent() && (d.isEmpty() || (found.get().state().isActive()
                        && !d.get().state().isActive()))) {
                    d = found;
                    host = h;
                }
            }
            LibvirtHost where = host;
            Optional<DomainSummary> seen = d;
            model.update(m -> {
                Optional<Vm> current = m.vm(name);
                if (current.isEmpty() || !mayResync(current.get(), names, results.actionId())) {
                    return;
                }
                Vm vm = current.get();
                if (seen.isPresent() && (unreachable.isEmpty() || seen.get().state().isActive())) {
                    m.putVm(vm.withOwner(null).withHost(where.name()).withState(States.toModel(seen.get().state())));
                } else if (!unreachable.isEmpty()) {
                    // A host that did not answer may run it: say so rather than guess; the host
                    // monitor's reconcile after the reconnect puts the real state in.
                    m.putVm(vm.withOwner(null).withState(VmState.UNKNOWN));
                } else if (vm.state() == VmState.CREATING
                        && where.store().get(name).filter(sd -> names.contains(sd.host())).isEmpty()) {
                    // A create that left neither a domain nor a kept definition: the VM never was.
                    m.removeVm(name);
                } else {
                    m.putVm(vm.withOwner(null).withState(VmState.SHUTOFF));
                }
            });
        };
    }

    /** The failure hook may rewrite {@code vm}: placed on one of its hosts (or nowhere), not owned by another action. */
    private static boolean mayResync(Vm vm, List<String> hosts, String actionId) {
        return (vm.host() == null || hosts.contains(vm.host())) && (vm.owner() == null || vm.owner().equals(actionId));
    }
}
