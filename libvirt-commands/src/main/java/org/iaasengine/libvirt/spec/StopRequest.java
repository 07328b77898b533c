package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code stop} action: shut the VM down (ACPI, destroy after the grace period), undefine it on the host and release the host in the model and the definition store; its disks and definition are kept for a later {@code poweron} on any host.
 *
 * <pre>{@code
 * engine.run(actions.stop(host, "web1"));   // new StopRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record StopRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "stop";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
