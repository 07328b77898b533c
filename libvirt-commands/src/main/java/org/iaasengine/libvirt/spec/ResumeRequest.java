package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code resume} action: run a paused VM again.
 *
 * <pre>{@code
 * engine.run(actions.resume(host, "web1"));   // plans new ResumeRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record ResumeRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "resume";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
