package org.iaasengine.libvirt.spec;

import java.util.List;
import java.util.Objects;
import org.iaasengine.model.Vm;

/**
 * The result of a power action: what it did, the VM as the model shows it after (null when the model
 * no longer has it: terminate), and the files it deleted (terminate). A plain record that
 * serializes as it is.
 *
 * <pre>{@code
 * PowerResult r = engine.run(actions.poweroff(host, "web1"));
 * if (r.outcome() == PowerOutcome.WAS_OFF) { ... }
 * }</pre>
 *
 * @param vm           the VM's name
 * @param outcome      what was done
 * @param after        the VM in the model after the action, or null
 * @param deletedFiles the disk files deleted (terminate), else empty
 */
public record PowerResult(String vm, PowerOutcome outcome, Vm after, List<String> deletedFiles) {
    public PowerResult {
        Objects.requireNonNull(vm, "vm");
        Objects.requireNonNull(outcome, "outcome");
        deletedFiles = deletedFiles == null ? List.of() : List.copyOf(deletedFiles);
    }
}
