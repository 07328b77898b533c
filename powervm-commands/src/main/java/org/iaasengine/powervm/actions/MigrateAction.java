package org.iaasengine.powervm.actions;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Verification;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.GetLpar;
import org.iaasengine.powervm.commands.Input;
import org.iaasengine.powervm.commands.LparInfo;
import org.iaasengine.powervm.commands.MigrateLpar;
import org.iaasengine.powervm.commands.MigrationResult;

/**
 * Live partition mobility: find the LPAR on the source → claim it (MIGRATING) → MigrateValidate,
 * Migrate (MigrateAbort when it fails, times out or is cancelled) → verify the LPAR now belongs to
 * the target system → the model puts the VM on the target host in its former state. Needs disks
 * every host sees (the SSP driver, or NPIV volumes); local disks make the validation refuse (CONFLICT).
 *
 * <pre>{@code
 * Vm vm = engine.run(MigrateAction.plan(sourceHost, targetHost, new VmRequest("web1")));
 * }</pre>
 */
public final class MigrateAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<MigrationResult> MIGRATED = Key.of("migrated", MigrationResult.class);

    private MigrateAction() {
    }

    public static Action<Vm> plan(PowerVmHost source, PowerVmHost target, VmRequest req) {
        Input<String> lpar = Input.from(FOUND, LparInfo::uuid);
        return Action.<Vm>builder("powervm.migrate", PowerVmHost.vmKey(req.name()))
                .request(new MigrateRequest(req.name(), source.name(), target.name()))
                .step(FOUND, new FindLpar(source.client(), source.systemUuid(), req.name(), true))
                .step(CLAIM, new ClaimVm(source.model(), source.name(), req.name(), VmState.MIGRATING,
                        Input.from(FOUND)))
                .step(MIGRATED, new MigrateLpar(source.client(), lpar, source.systemName(), target.systemName(),
                        source.timeouts().migration()))
                .verify(Verification.that("lpar runs on " + target.systemName(),
                        ctx -> target.systemUuid().equals(new GetLpar(source.client(), lpar).execute(ctx).systemUuid()))
                        .withRetry(Retry.builder().maxAttempts(5).fixedDelay(Duration.ofMillis(200)).jitter(0).build()))
                .retry(source.retry())
                .revertRetry(source.revertRetry())
                .timeout(source.timeouts().action())
                .sync(r -> r.get(CLAIM).release(source.model(), vm -> r.get(CLAIM).before().withHost(target.name())))
                .result(r -> source.model().vm(req.name()).orElseThrow())
                .build();
    }

    /**
     * The migration request as data.
     *
     * @param name   the LPAR name
     * @param source the source host's model name
     * @param target the target host's model name
     */
    public record MigrateRequest(String name, String source, String target) {
    }
}
