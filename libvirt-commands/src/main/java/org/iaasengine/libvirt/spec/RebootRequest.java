package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code reboot} action.
 *
 * <pre>{@code
 * engine.run(actions.reboot(host, "web1", RebootMode.LIBVIRT));   // new RebootRequest("host-a", "web1", RebootMode.LIBVIRT)
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 * @param mode how to reboot
 */
public record RebootRequest(String host, String vm, RebootMode mode) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "reboot";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
