package org.iaasengine.powervm.actions;

import java.util.Objects;
import org.iaasengine.powervm.commands.PowerOffMode;
import org.iaasengine.powervm.commands.Validate;

/**
 * A power off or reboot: the VM, the mode to start with, and whether to escalate.
 *
 * <pre>{@code
 * engine.run(PowerOffAction.plan(host, new PowerOffRequest("web1", PowerOffMode.OS_NORMAL, true)));
 * }</pre>
 *
 * @param name     the LPAR name
 * @param mode     the first mode tried
 * @param escalate whether to move to harsher modes when one fails or times out
 */
public record PowerOffRequest(String name, PowerOffMode mode, boolean escalate) {
    public PowerOffRequest {
        Validate.lparName(name);
        Objects.requireNonNull(mode, "mode");
    }
}
