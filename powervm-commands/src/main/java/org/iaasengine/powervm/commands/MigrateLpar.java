package org.iaasengine.powervm.commands;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.JobOptions;
import org.iaasengine.powervm.rest.Jobs;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.rest.PowerVmException;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.MigrationResult;
import org.iaasengine.powervm.spec.Validate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live partition mobility: the MigrateValidate job (a refusal is CONFLICT), then the Migrate job
 * with progress; when Migrate fails, times out or is cancelled, a MigrateAbort job is sent (best
 * effort) before the failure is reported. Revert migrates the LPAR back to its source.
 *
 * <pre>{@code
 * MigrationResult r = new MigrateLpar(client, Input.of(uuid), "sys-a", "sys-b", Duration.ofMinutes(30)).execute(ctx);
 * }</pre>
 */
public final class MigrateLpar implements Command<MigrationResult> {
    private static final Logger LOG = LoggerFactory.getLogger(MigrateLpar.class);
    private static final String TARGET = "TargetManagedSystemName";
    private final PowerVmClient client;
    private final Input<String> lparUuid;
    private final String source;
    private final String target;
    private final Duration timeout;

    public MigrateLpar(PowerVmClient client, Input<String> lparUuid, String sourceSystem, String targetSystem,
            Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.source = Validate.systemName(sourceSystem);
        this.target = Validate.systemName(targetSystem);
        if (source.equals(target)) {
            throw CommandException.invalid("migration source and target are the same system '" + source + "'");
        }
        this.timeout = Validate.timeout(timeout, "migration timeout");
    }

    @Override
    public MigrationResult execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        migrate(ctx, lpar, target);
        return new MigrationResult(lpar, source, target);
    }

    private void migrate(CommandContext ctx, String lpar, String to) {
        String path = Paths.lpar(lpar);
        try {
            client.runJob(path, "MigrateValidate", Map.of(TARGET, to), Jobs.options(ctx, timeout, "MigrateValidate"));
        } catch (PowerVmException e) {
            if (e.jobStatus() != null) {
                throw new CommandException(FailureCategory.CONFLICT, "LPAR " + lpar + " cannot migrate to " + to
                        + ": " + e.getMessage(), e);
            }
            throw e;
        }
        try {
            client.runJob(path, "Migrate", Map.of(TARGET, to), Jobs.options(ctx, timeout, "Migrate to " + to));
            LOG.info("LPAR {} migrated to {}", lpar, to);
        } catch (PowerVmException e) {
            LOG.warn("migration of LPAR {} to {} failed ({}); aborting it", lpar, to, e.category());
            abort(path);
            throw e;
        }
    }

    private void abort(String path) {
        boolean interrupted = Thread.interrupted();
        try {
            client.runJob(path, "MigrateAbort", Map.of(), JobOptions.timeout(Duration.ofMinutes(2)));
        } catch (PowerVmException e) {
            LOG.warn("MigrateAbort on {} failed", path, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void revert(CommandContext ctx, MigrationResult result) {
        migrate(ctx, result.lparUuid(), result.source());
    }

    @Override
    public String name() {
        return "MigrateLpar(" + source + "->" + target + ")";
    }
}
