package org.iaasengine.powervm.commands;

import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;

/**
 * Lists the client LPARs of a managed system.
 *
 * <pre>{@code
 * List<LparInfo> lpars = new ListLpars(client, systemUuid).execute(ctx);
 * }</pre>
 */
public final class ListLpars implements Command<List<LparInfo>> {
    private final PowerVmClient client;
    private final String systemUuid;

    public ListLpars(PowerVmClient client, String systemUuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.systemUuid = Validate.uuid(systemUuid, "managed system UUID");
    }

    @Override
    public List<LparInfo> execute(CommandContext ctx) {
        return client.feed(Paths.lpars(systemUuid), LogicalPartition.class).stream().map(e -> LparInfo.of(e.value()))
                .toList();
    }
}
