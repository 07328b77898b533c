package org.iaasengine.powervm.commands;

import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;

/**
 * Lists the Virtual I/O Servers of a managed system.
 *
 * <pre>{@code
 * List<LparInfo> vioses = new ListVioses(client, systemUuid).execute(ctx);
 * }</pre>
 */
public final class ListVioses implements Command<List<LparInfo>> {
    private final PowerVmClient client;
    private final String systemUuid;

    public ListVioses(PowerVmClient client, String systemUuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.systemUuid = Validate.uuid(systemUuid, "managed system UUID");
    }

    @Override
    public List<LparInfo> execute(CommandContext ctx) {
        return client.feed(Paths.vioses(systemUuid), VirtualIOServer.class).stream()
                .map(e -> LparInfo.of(e.value())).toList();
    }
}
