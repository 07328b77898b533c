package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames an LPAR from {@code from} to {@code to} (its PartitionName, in a read-modify-write with
 * the etag that keeps every other element). An LPAR already named {@code to} is done (a retry after
 * a lost answer); one with a third name is CONFLICT. Revert renames it back.
 *
 * <pre>{@code
 * new RenameLpar(client, Input.from(FOUND, LparInfo::uuid), "web1", "web1-src").execute(ctx);
 * }</pre>
 */
public final class RenameLpar implements Command<String> {
    private static final Logger LOG = LoggerFactory.getLogger(RenameLpar.class);
    private final PowerVmClient client;
    private final Input<String> lparUuid;
    private final String from;
    private final String to;

    public RenameLpar(PowerVmClient client, Input<String> lparUuid, String from, String to) {
        this.client = Objects.requireNonNull(client, "client");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.from = Validate.lparName(from);
        this.to = Validate.lparName(to);
    }

    @Override
    public String execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        rename(lpar, from, to);
        return lpar;
    }

    private void rename(String lpar, String a, String b) {
        client.modify(Paths.lpar(lpar), LogicalPartition.class, p -> {
            if (b.equals(p.partitionName)) {
                return false;
            }
            if (!a.equals(p.partitionName)) {
                throw new CommandException(FailureCategory.CONFLICT, "LPAR " + lpar + " is named '" + p.partitionName
                        + "', not '" + a + "': it cannot be renamed to '" + b + "'");
            }
            p.partitionName = b;
            return true;
        });
        LOG.info("renamed LPAR {} from {} to {}", lpar, a, b);
    }

    @Override
    public void revert(CommandContext ctx, String lpar) {
        rename(lpar, to, from);
    }

    @Override
    public String name() {
        return "RenameLpar(" + from + " to " + to + ")";
    }
}
