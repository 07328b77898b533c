package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code non-live-migrate} action: shut down on the source, start on the
 * destination.
 *
 * <pre>{@code
 * engine.run(actions.nonLiveMigrate(hostA, hostB, "web1"));   // new NonLiveMigrateRequest("host-a", "web1", "host-b")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 * @param destination the destination host's model name
 */
public record NonLiveMigrateRequest(String host, String vm, String destination) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "non-live-migrate";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
