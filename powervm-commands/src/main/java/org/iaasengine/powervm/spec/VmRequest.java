package org.iaasengine.powervm.spec;

/**
 * The name of one VM, the shorthand callers give the plans of PowerOn, Destroy and Migrate; the plan
 * records the action's own typed request ({@link PowerOnRequest}, {@link DestroyRequest},
 * {@link MigrateRequest}), which also names the host. Checked on construction.
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
