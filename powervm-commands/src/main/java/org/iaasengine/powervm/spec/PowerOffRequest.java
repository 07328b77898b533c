package org.iaasengine.powervm.spec;

import java.util.Objects;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.powerOff} action: the VM, the mode to start with, whether to
 * escalate, and the host. A caller may leave the host out (the three-value constructor): the plan
 * records the request with the host it was given. {@code RebootAction} takes one too, as the
 * shorthand of its {@link RebootRequest}.
 *
 * <pre>{@code
 * engine.run(PowerOffAction.plan(host, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));
 * }</pre>
 *
 * @param host     the host's model name, or null for the host the plan is given
 * @param name     the LPAR name
 * @param mode     the first mode tried
 * @param escalate whether to move to harsher modes when one fails or times out
 */
public record PowerOffRequest(String host, String name, PowerOffMode mode, boolean escalate) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.powerOff";

    public PowerOffRequest {
        if (host != null) {
            Validate.hostName(host);
        }
        Validate.lparName(name);
        Objects.requireNonNull(mode, "mode");
    }

    /** A request for the host the plan is given. */
    public PowerOffRequest(String name, PowerOffMode mode, boolean escalate) {
        this(null, name, mode, escalate);
    }

    /** This request on host {@code hostName}. */
    public PowerOffRequest onHost(String hostName) {
        return new PowerOffRequest(hostName, name, mode, escalate);
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
