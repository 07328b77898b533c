package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code cleanup} action: tear the VM down on the host (destroy, undefine) without changing the model, the definition store or its disks: for a host being evacuated.
 *
 * <pre>{@code
 * engine.run(actions.cleanup(host, "web1"));   // new CleanupRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record CleanupRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "cleanup";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
