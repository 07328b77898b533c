package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;

/**
 * Finds an LPAR of a managed system by name; returns null when there is none (so later steps can
 * treat "already gone" as done).
 *
 * <pre>{@code
 * LparInfo info = new FindLpar(client, systemUuid, "web1", false).execute(ctx);  // null if absent
 * }</pre>
 */
public final class FindLpar implements Command<LparInfo> {
    private final PowerVmClient client;
    private final String systemUuid;
    private final String name;
    private final boolean required;

    /** When {@code required}, an absent LPAR is a NOT_FOUND failure instead of a null result. */
    public FindLpar(PowerVmClient client, String systemUuid, String name, boolean required) {
        this.client = Objects.requireNonNull(client, "client");
        this.systemUuid = Validate.uuid(systemUuid, "managed system UUID");
        this.name = Validate.lparName(name);
        this.required = required;
    }

    @Override
    public LparInfo execute(CommandContext ctx) {
        LparInfo found = client.feed(Paths.lpars(systemUuid), LogicalPartition.class).stream()
                .map(e -> LparInfo.of(e.value())).filter(l -> name.equals(l.name())).findFirst().orElse(null);
        if (found == null && required) {
            throw org.iaasengine.core.CommandException.notFound("no LPAR named '" + name + "' on managed system "
                    + systemUuid);
        }
        return found;
    }

    @Override
    public String name() {
        return "FindLpar(" + name + ")";
    }
}
