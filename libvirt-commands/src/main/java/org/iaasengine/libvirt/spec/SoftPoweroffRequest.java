package org.iaasengine.libvirt.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code soft_poweroff} action: one ACPI power-button press, then return with the VM HALTING; the instance monitor records it off when it goes.
 *
 * <pre>{@code
 * engine.run(actions.softPoweroff(host, "web1"));   // new SoftPoweroffRequest("host-a", "web1")
 * }</pre>
 *
 * @param host the host's model name
 * @param vm   the VM's name
 */
public record SoftPoweroffRequest(String host, String vm) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "soft_poweroff";

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }
}
