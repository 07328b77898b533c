package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.plugVif} action: plug one more client network adapter, on
 * {@code vlan}, into the LPAR {@code name} (running or not activated). Checked on construction.
 *
 * <pre>{@code
 * engine.run(PlugVifAction.plan(host, new PlugVifRequest("sim-a", "web1", 200)));
 * }</pre>
 *
 * @param host the host's model name
 * @param name the LPAR name
 * @param vlan the port VLAN id of the new adapter (1 to 4094)
 */
public record PlugVifRequest(String host, String name, int vlan) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.plugVif";

    public PlugVifRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        Validate.vlan(vlan);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(name);
    }
}
