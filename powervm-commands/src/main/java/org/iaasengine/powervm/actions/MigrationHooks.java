package org.iaasengine.powervm.actions;

import java.util.List;
import java.util.Optional;
import org.iaasengine.core.FailureHook;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.sync.LparStates;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;

/**
 * The failure hook of a cold migration and of its revert: a revert that failed (a rename, a delete)
 * can leave the VM's LPAR, the source LPAR ({@code <name>-src}) and the target renamed during a
 * revert ({@code <name>-tgt}) on either system, so the model takes all three as read back from the
 * two systems: each found becomes its VM (host, UUID, state, shape
 * and the MACs of its adapters, as read), each not found leaves the model, and a VM whose reads
 * all failed is UNKNOWN. Nothing is done when the claim was not made.
 */
final class MigrationHooks {
    private MigrationHooks() {
    }

    static FailureHook readBoth(PowerVmHost one, PowerVmHost other, String name, Key<Claim> claim) {
        return (failure, r) -> {
            Optional<Claim> c = r.find(claim);
            if (c.isEmpty()) {
                return;
            }
            String definition = c.get().before() == null ? null : c.get().before().definitionRef();
            for (String n : List.of(name, ColdMigrateRequest.sourceName(name), ColdMigrateRequest.revertingName(name))) {
                Found f = find(one, r, n);
                if (f == null || (f.lpar() == null && (f = find(other, r, n)) == null)) {
                    one.model().update(m -> m.vm(n).ifPresent(vm -> m.putVm(vm.withOwner(null)
                            .withState(VmState.UNKNOWN))));
                    continue;
                }
                Found at = f;
                if (at.lpar() == null) {
                    one.model().update(m -> m.removeVm(n));
                } else {
                    Optional<List<String>> read = Plans.readBack(at.host(), r, "the adapters of " + n,
                            () -> at.host().client().feed(Paths.adapters(at.lpar().uuid()), ClientNetworkAdapter.class)
                                    .stream().map(e -> LparStates.mac(e.value().macAddress)).toList());
                    Vm found = LparStates.toVm(at.lpar(), at.host().name()).toBuilder()
                            .macs(read == null ? List.of() : read.orElse(List.of())).definitionRef(definition).build();
                    // adapters that could not be read: the VM's state is not known for sure
                    one.model().update(m -> m.putVm(read == null ? found.withState(VmState.UNKNOWN) : found));
                }
            }
        };
    }

    /** What was read on one host: the LPAR (null: none), or null when every read failed. */
    private record Found(PowerVmHost host, LparInfo lpar) {
    }

    private static Found find(PowerVmHost host, org.iaasengine.core.CommandContext ctx, String n) {
        Optional<LparInfo> read = Plans.readBack(host, ctx, "LPAR " + n,
                () -> new FindLpar(host.client(), host.systemUuid(), n, false).execute(ctx));
        return read == null ? null : new Found(host, read.orElse(null));
    }
}
