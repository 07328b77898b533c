package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.revertMigration} action: nova's revert of a cold migration of
 * {@code name}: the LPAR on the target host {@code host} is deleted and the source LPAR on host
 * {@code source} gets its name back and runs again.
 *
 * <pre>{@code
 * engine.run(RevertMigrationAction.plan(hostB, sspB, hostA, new RevertMigrationRequest("sim-b", "web1", "sim-a")));
 * }</pre>
 *
 * @param host   the target host's model name (where the VM runs now)
 * @param name   the migrated LPAR's name
 * @param source the source host's model name
 */
public record RevertMigrationRequest(String host, String name, String source) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.revertMigration";

    public RevertMigrationRequest {
        Validate.hostName(host);
        Validate.hostName(source);
        Validate.lparName(name);
        Validate.lparName(ColdMigrateRequest.sourceName(name));
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
