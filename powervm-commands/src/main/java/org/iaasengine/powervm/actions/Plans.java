package org.iaasengine.powervm.actions;

import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Key;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.sync.LparStates;
import org.iaasengine.request.ActionRequest;

/** What the PowerVM plans share: the claim of the VM found on a host, and the check of a request's host. */
final class Plans {
    private Plans() {
    }

    /**
     * Claims {@code name} in {@code state}; when the model does not know it yet, it is first observed
     * from the LPAR found under {@code found} (nothing is claimed when none was found).
     */
    static ClaimVm claim(PowerVmHost host, String name, VmState state, Key<LparInfo> found) {
        return ClaimVm.builder(host.model(), name, state)
                .observeFirst(r -> r.find(found).map(l -> LparStates.toVm(l, host.name())).orElse(null))
                .detailedName()
                .build();
    }

    /** Refuses a request planned on another host than the one it names. */
    static void checkHost(ActionRequest req, String named, PowerVmHost host) {
        InvalidInputException.check(host.name().equals(named), "%s request names host '%s' but is planned on host '%s'",
                req.action(), named, host.name());
    }
}
