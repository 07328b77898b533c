package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code start} action: start a VM (a defined one with libvirt's start, a
 * transient one from its stored definition).
 *
 * <pre>{@code
 * engine.run(actions.start(host, "web1"));   // plans new StartRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record StartRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "start";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
