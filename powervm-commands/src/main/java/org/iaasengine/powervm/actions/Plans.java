package org.iaasengine.powervm.actions;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.FailureHook;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.sync.LparStates;
import org.iaasengine.request.ActionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the PowerVM plans share: the claim of the VM found on a host, the read-back of a failure
 * hook, and the check of a request's host.
 */
final class Plans {
    private static final Logger LOG = LoggerFactory.getLogger(Plans.class);
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

    /**
     * The failure hook of an action that claimed VM {@code name} under {@code claim} and changes its
     * LPAR's power: a job whose start answer was lost runs on, and a revert that failed left what it
     * left, so the model takes the LPAR's state as read back ({@link #readBack}): the VM is removed
     * when no LPAR has its name, UNKNOWN when every read failed. Nothing is done when the claim was
     * not made (the model was not touched: another action owns the VM, or no LPAR was found).
     */
    static FailureHook readStateBack(PowerVmHost host, String name, Key<Claim> claim) {
        return (failure, r) -> {
            if (r.find(claim).isEmpty()) {
                return;
            }
            Optional<LparInfo> now = readBack(host, r, "the LPAR of VM " + name,
                    () -> new FindLpar(host.client(), host.systemUuid(), name, false).execute(r));
            host.model().update(m -> m.vm(name).ifPresent(vm -> {
                if (now == null) {
                    m.putVm(vm.withOwner(null).withState(VmState.UNKNOWN));
                } else if (now.isEmpty()) {
                    m.removeVm(name);
                } else {
                    m.putVm(vm.withOwner(null).withState(LparStates.toVmState(now.get().state())));
                }
            }));
        };
    }

    /**
     * What a failure hook reads back to put the model right: {@code read} (null meaning "none"),
     * through the host's retry, and again after any failure but NOT_FOUND, INVALID_INPUT and
     * CANCELLED (an HTTP 500 or a lost answer on a read is no reason to leave the model wrong: a
     * read is safe to repeat). The waits are on the hook context's scheduler; the action's cancel
     * does not stop them (the model is to be put right all the same). Returns the value read (empty
     * for null), or null when every read failed (logged).
     */
    static <T> Optional<T> readBack(PowerVmHost host, CommandContext ctx, String what, Supplier<T> read) {
        try {
            return Optional.ofNullable(Poll.retryWhile(read, (v, failure) -> failure != null
                    && !NOT_REPEATED.contains(FailureCategory.of(failure)), host.retry(), ctx.scheduler(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("reading back {} after a failure was interrupted", what);
            return null;
        } catch (RuntimeException e) {
            LOG.warn("cannot read back {} after a failure", what, e);
            return null;
        }
    }

    private static final Set<FailureCategory> NOT_REPEATED = EnumSet.of(FailureCategory.NOT_FOUND,
            FailureCategory.INVALID_INPUT, FailureCategory.CANCELLED);

    /** Refuses a request planned on another host than the one it names. */
    static void checkHost(ActionRequest req, String named, PowerVmHost host) {
        InvalidInputException.check(host.name().equals(named), "%s request names host '%s' but is planned on host '%s'",
                req.action(), named, host.name());
    }
}
