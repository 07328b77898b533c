package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.xml.uom.LogicalPartition;

/**
 * Reads one LPAR by UUID; NOT_FOUND if it does not exist.
 *
 * <pre>{@code
 * LparInfo info = new GetLpar(client, Input.of(uuid)).execute(ctx);
 * }</pre>
 */
public final class GetLpar implements Command<LparInfo> {
    private final PowerVmClient client;
    private final Input<String> uuid;

    public GetLpar(PowerVmClient client, Input<String> uuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
    }

    @Override
    public LparInfo execute(CommandContext ctx) {
        String id = uuid.resolve(ctx);
        if (id == null) {
            throw CommandException.notFound("no LPAR to read: " + uuid + " is empty");
        }
        return LparInfo.of(client.get(Paths.lpar(id), LogicalPartition.class).value());
    }
}
