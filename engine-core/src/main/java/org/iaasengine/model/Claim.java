package org.iaasengine.model;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A VM claimed in the model by an action ({@link ClaimVm}'s result): its form before the claim,
 * and the owner id (the action run's id) that must release it.
 *
 * <pre>{@code
 * results.get(CLAIM).release(model, vm -> vm.withState(VmState.RUNNING));
 * }</pre>
 *
 * @param before the VM as it was before the claim
 * @param owner  the claiming action run's id
 */
public record Claim(Vm before, String owner) {
    public Claim {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(owner, "owner");
    }

    /** Releases the VM with its final form (does nothing if another owner holds it or it is gone). */
    public void release(ResourceModel model, UnaryOperator<Vm> finalForm) {
        model.release(before.name(), owner, finalForm);
    }
}
