package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code shutdown} action: ACPI shutdown, destroy after the grace period.
 *
 * <pre>{@code
 * engine.run(actions.shutdown(host, "web1"));   // plans new ShutdownRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record ShutdownRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "shutdown";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
