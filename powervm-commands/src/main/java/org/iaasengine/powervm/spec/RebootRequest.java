package org.iaasengine.powervm.spec;

import java.util.Objects;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.reboot} action: PowerOff with {@code restart=true}, escalating as asked.
 *
 * <pre>{@code
 * engine.run(RebootAction.plan(host, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));
 * // records new RebootRequest("sys-a", "web1", PowerOffMode.OS_NORMAL, true)
 * }</pre>
 *
 * @param host the host's model name
 * @param name the LPAR name
 * @param mode     the first mode tried
 * @param escalate whether to move to harsher modes when one fails or times out
 */
public record RebootRequest(String host, String name, PowerOffMode mode, boolean escalate) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.reboot";

    public RebootRequest {
        Validate.hostName(host);
        Validate.lparName(name);
        Objects.requireNonNull(mode, "mode");
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
