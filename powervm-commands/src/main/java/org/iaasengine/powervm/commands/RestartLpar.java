package org.iaasengine.powervm.commands;

import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.LogicalPartition;

/**
 * Restarts a running LPAR: the PowerOff job with {@code restart=true}, escalating like
 * {@link PowerOff}. Fails with CONFLICT when the LPAR is not running. Nothing to revert.
 *
 * <pre>{@code
 * PowerOffMode used = new RestartLpar(client, Input.of(uuid), PowerOffMode.OS_NORMAL, Duration.ofMinutes(2)).execute(ctx);
 * }</pre>
 */
public final class RestartLpar implements Command<PowerOffMode> {
    private final PowerVmClient client;
    private final Input<String> uuid;
    private final PowerOffMode start;
    private final Duration stageTimeout;

    public RestartLpar(PowerVmClient client, Input<String> uuid, PowerOffMode start, Duration stageTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.uuid = Objects.requireNonNull(uuid, "uuid");
        this.start = Objects.requireNonNull(start, "start");
        this.stageTimeout = Validate.timeout(stageTimeout, "restart stage timeout");
    }

    @Override
    public PowerOffMode execute(CommandContext ctx) {
        String id = uuid.resolve(ctx);
        LparInfo info = LparInfo.of(client.get(Paths.lpar(id), LogicalPartition.class).value());
        if (!info.isActivated()) {
            throw new CommandException(FailureCategory.CONFLICT, "LPAR " + info.name() + " is " + info.state()
                    + "; only a running LPAR can be restarted");
        }
        return PowerOff.runSequence(client, ctx, info, start, true, stageTimeout, true);
    }
}
