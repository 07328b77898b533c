package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code delete} action: destroy, undefine, forget the definition.
 *
 * <pre>{@code
 * engine.run(actions.delete(host, "web1", true));   // new DeleteRequest("host-a", "web1", true)
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 * @param removeDisks whether the VM's disk copies are deleted too
 */
public record DeleteRequest(String host, String vm, boolean removeDisks) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "delete";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
