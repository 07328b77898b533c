package org.iaasengine.powervm.actions;

import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import java.util.function.UnaryOperator;

/**
 * A VM claimed in the model by an action: its form before, and the owner id (the action run's id)
 * that must release it.
 *
 * <pre>{@code
 * results.get(CLAIM).release(model, vm -> vm.withState(VmState.RUNNING));
 * }</pre>
 *
 * @param before the VM as it was before the claim
 * @param owner  the claiming action run's id
 */
public record Claim(Vm before, String owner) {
    /** Releases the VM with its final form. */
    public void release(ResourceModel model, UnaryOperator<Vm> finalForm) {
        model.release(before.name(), owner, finalForm);
    }
}
