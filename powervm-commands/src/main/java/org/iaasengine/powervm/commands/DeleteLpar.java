package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.Input;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes an LPAR (it must be powered off). An LPAR already gone, or an empty input, is success;
 * the result says whether something was deleted. Nothing to revert: a deleted LPAR cannot be
 * brought back.
 *
 * <pre>{@code
 * boolean deleted = new DeleteLpar(client, Input.of(uuid)).execute(ctx);
 * }</pre>
 */
public final class DeleteLpar implements Command<Boolean> {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteLpar.class);
    private final PowerVmClient client;
    private final Input<String> uuid;

    public DeleteLpar(PowerVmClient client, Input<String> uuid) {
        this.client = Objects.requireNonNull(client, "client");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        String id = uuid.resolve(ctx);
        if (id == null) {
            return false;
        }
        try {
            client.delete(Paths.lpar(id));
            LOG.info("deleted LPAR {}", id);
            return true;
        } catch (PowerVmException e) {
            if (e.category() == FailureCategory.NOT_FOUND) {
                LOG.info("LPAR {} was already gone", id);
                return false;
            }
            throw e;
        }
    }
}
