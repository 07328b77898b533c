package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.confirmMigration} action: nova's confirm of a cold migration
 * of {@code name}, which deletes the source LPAR ({@link ColdMigrateRequest#sourceName}) on the
 * source host {@code host}.
 *
 * <pre>{@code
 * engine.run(ConfirmMigrationAction.plan(hostA, sspA, new ConfirmMigrationRequest("sim-a", "web1")));
 * }</pre>
 *
 * @param host the source host's model name
 * @param name the migrated LPAR's name
 */
public record ConfirmMigrationRequest(String host, String name) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.confirmMigration";

    public ConfirmMigrationRequest {
        Validate.hostName(host);
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
