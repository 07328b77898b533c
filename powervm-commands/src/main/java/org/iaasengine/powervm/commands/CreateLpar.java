package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.LparSpec;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a shared-processor LPAR on a managed system (PUT on its LogicalPartition feed). Revert
 * deletes it (an LPAR already gone counts as reverted).
 *
 * <pre>{@code
 * LparRef lpar = new CreateLpar(client, systemUuid, LparSpec.of("web1", 2048, 0.5, 1)).execute(ctx);
 * }</pre>
 */
public final class CreateLpar implements Command<LparRef> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateLpar.class);
    private final PowerVmClient client;
    private final String systemUuid;
    private final LparSpec spec;

    public CreateLpar(PowerVmClient client, String systemUuid, LparSpec spec) {
        this.client = Objects.requireNonNull(client, "client");
        this.systemUuid = Validate.uuid(systemUuid, "managed system UUID");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    @Override
    public LparRef execute(CommandContext ctx) {
        LogicalPartition lpar = LogicalPartition.create(spec.name(), spec.memoryMb(), spec.procUnits(), spec.vcpus());
        LparRef ref = new LparRef(client.create(Paths.lpars(systemUuid), lpar).value().uuid(), spec.name());
        LOG.info("created LPAR {} ({})", ref.name(), ref.uuid());
        return ref;
    }

    @Override
    public void revert(CommandContext ctx, LparRef created) {
        try {
            client.delete(Paths.lpar(created.uuid()));
            LOG.info("deleted LPAR {} ({}) on revert", created.name(), created.uuid());
        } catch (PowerVmException e) {
            if (e.category() != FailureCategory.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public String name() {
        return "CreateLpar(" + spec.name() + ")";
    }
}
