package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.unplugVif} action: unplug the client network adapter with MAC
 * {@code mac} from the LPAR {@code name}, as nova-powervm unplugs a VIF by its MAC. The MAC is kept
 * as PowerVM writes it (12 upper-case hex digits); the model's form ({@code fa:d4:43:3e:d1:20}) is
 * accepted too. Checked on construction.
 *
 * <pre>{@code
 * engine.run(UnplugVifAction.plan(host, new UnplugVifRequest("sim-a", "web1", "fa:d4:43:3e:00:0c")));
 * }</pre>
 *
 * @param host the host's model name
 * @param name the LPAR name
 * @param mac  the adapter's MAC address
 */
public record UnplugVifRequest(String host, String name, String mac) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.unplugVif";

    public UnplugVifRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        mac = Validate.mac(mac);
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
