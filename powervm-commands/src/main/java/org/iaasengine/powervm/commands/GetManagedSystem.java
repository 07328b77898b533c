package org.iaasengine.powervm.commands;

import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.SystemInfo;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.ManagedSystem;

/**
 * Reads a managed system: by UUID, or (UUID null) the only one a NovaLink manages.
 *
 * <pre>{@code
 * SystemInfo ms = new GetManagedSystem(client, systemUuid).execute(ctx);
 * }</pre>
 */
public final class GetManagedSystem implements Command<SystemInfo> {
    private final PowerVmClient client;
    private final String uuid;

    /** {@code uuid} null: the first (NovaLink: the only) managed system. */
    public GetManagedSystem(PowerVmClient client, String uuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.uuid = uuid == null ? null : Validate.uuid(uuid, "managed system UUID");
    }

    @Override
    public SystemInfo execute(CommandContext ctx) {
        if (uuid != null) {
            return SystemInfo.of(client.get(Paths.system(uuid), ManagedSystem.class).value());
        }
        List<Entry<ManagedSystem>> all = client.feed(Paths.systems(), ManagedSystem.class);
        if (all.isEmpty()) {
            throw CommandException.notFound("no managed system at " + client.config().baseUri());
        }
        return SystemInfo.of(all.get(0).value());
    }
}
