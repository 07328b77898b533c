package org.iaasengine.powervm.actions;

import org.iaasengine.powervm.commands.Validate;

/**
 * A request naming one VM (destroy, power on, reboot...). Checked on construction.
 *
 * <pre>{@code
 * engine.run(PowerOnAction.plan(host, new VmRequest("web1")));
 * }</pre>
 *
 * @param name the LPAR name
 */
public record VmRequest(String name) {
    public VmRequest {
        Validate.lparName(name);
    }
}
