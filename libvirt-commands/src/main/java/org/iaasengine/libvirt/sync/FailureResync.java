package org.iaasengine.libvirt.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.FailureHook;
import org.iaasengine.core.Key;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
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
    /**
     * The re-read of each host: it only reads, so any failure but a cancel is tried again, three
     * times in about a fifth of a second, before the host is taken as not answering (and the VM is
     * written UNKNOWN). Without its own deadline: the action's may be spent already.
     */
    static final Retry REREAD = Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(100)).jitter(0)
            .retryOn(FailureCategory.TRANSIENT, FailureCategory.TIMEOUT, FailureCategory.INTERNAL,
                    FailureCategory.NOT_FOUND, FailureCategory.CONFLICT, FailureCategory.INVALID_INPUT)
            .build();

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
                    found = Poll.retry(() -> h.driver().lookup(name), REREAD, results.scheduler(), null)
                            .filter(s -> s.mayBe(uuid));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    LOG.warn("re-read of vm {} on {} after a failure was interrupted", name, h.name());
                    unreachable.add(h.name());
                    continue;
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
            if (seen.isPresent() && unreachable.isEmpty()) {
                keepStoredWhereItIs(hosts, names, name, where.name());
            }
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
                } else if (where.store().get(name).filter(sd -> sd.host() == null).isPresent()) {
                    // Kept for no host (stop released it; a poweron that failed put that back): off, nowhere.
                    m.putVm(vm.withOwner(null).withHost(null).withState(VmState.SHUTOFF));
                } else if (where.store().get(name).filter(sd -> names.contains(sd.host())).isEmpty()) {
                    // Neither a domain nor a kept definition: the VM is not there (a create that never
                    // was, or one a recovery reverted after a restarted process's model adopted it).
                    m.removeVm(name);
                } else {
                    m.putVm(vm.withOwner(null).withState(VmState.SHUTOFF));
                }
            });
        };
    }

    /**
     * A VM found on another of the action's hosts than its stored definition says (a migration
     * whose revert was halted left it on the destination), or on a host while its definition is kept
     * for none (a poweron after stop whose revert could not undefine it), has its definition moved
     * there, as MoveDefinition would have.
     */
    private static void keepStoredWhereItIs(LibvirtHost[] hosts, List<String> names, String name, String where) {
        for (LibvirtHost h : hosts) {
            h.store().get(name).filter(sd -> sd.host() == null || (names.contains(sd.host()) && !where.equals(sd.host())))
                    .ifPresent(sd -> {
                        LOG.warn("vm {} runs on {} but was stored for {}: its stored definition follows it", name,
                                where, sd.host());
                        h.store().put(sd.withHost(where));
                    });
        }
    }

    /** The failure hook may rewrite {@code vm}: placed on one of its hosts (or nowhere), not owned by another action. */
    private static boolean mayResync(Vm vm, List<String> hosts, String actionId) {
        return (vm.host() == null || hosts.contains(vm.host())) && (vm.owner() == null || vm.owner().equals(actionId));
    }
}
