package org.iaasengine.powervm.actions;

import java.time.Duration;
import java.util.Optional;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Verification;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.GetLpar;
import org.iaasengine.powervm.commands.MigrateLpar;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.MigrateRequest;
import org.iaasengine.powervm.spec.MigrationResult;
import org.iaasengine.powervm.spec.VmRequest;

/**
 * Live partition mobility: find the LPAR on the source → claim it (MIGRATING) → MigrateValidate,
 * Migrate (MigrateAbort when it fails, times out or is cancelled) → verify the LPAR now belongs to
 * the target system → the model puts the VM on the target host in its former state. Needs disks
 * every host sees (the SSP driver, or NPIV volumes); local disks make the validation refuse (CONFLICT).
 * After a failure the model takes the system the LPAR is on as read back (the migration may have
 * gone through after all: its answer lost, or the revert that was to bring it back failed).
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
        return plan(source, target, new MigrateRequest(source.name(), req.name(), target.name()));
    }

    public static Action<Vm> plan(PowerVmHost source, PowerVmHost target, MigrateRequest req) {
        Plans.checkHost(req, req.host(), source);
        Plans.checkHost(req, req.target(), target);
        Input<String> lpar = Input.from(FOUND, LparInfo::uuid);
        return Action.<Vm>builder(MigrateRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(source.client(), source.systemUuid(), req.name(), true))
                .step(CLAIM, Plans.claim(source, req.name(), VmState.MIGRATING, FOUND))
                .step(MIGRATED, new MigrateLpar(source.client(), lpar, source.systemName(), target.systemName(),
                        source.timeouts().migration()))
                .verify(Verification.that("lpar runs on " + target.systemName(),
                        ctx -> target.systemUuid().equals(new GetLpar(source.client(), lpar).execute(ctx).systemUuid()))
                        .withRetry(Retry.builder().maxAttempts(5).fixedDelay(Duration.ofMillis(200)).jitter(0).build()))
                .retry(source.retry())
                .revertRetry(source.revertRetry())
                .timeout(source.timeouts().action())
                .sync(r -> r.get(CLAIM).release(source.model(), vm -> r.get(CLAIM).before().withHost(target.name())))
                .onFailure((failure, r) -> {
                    if (r.find(CLAIM).isEmpty()) {
                        return; // the model was not touched (another action owns the VM, or no LPAR)
                    }
                    // A migration whose answer was lost, or a revert that failed, can leave the LPAR on
                    // the target: the model takes the system the LPAR is on, as read back.
                    Optional<LparInfo> now = Plans.readBack(source, r, "the system of LPAR " + req.name(),
                            () -> new GetLpar(source.client(), lpar).execute(r));
                    source.model().update(m -> m.vm(req.name()).ifPresent(vm -> {
                        if (now == null) {
                            m.putVm(vm.withOwner(null).withState(VmState.UNKNOWN));
                        } else if (now.isPresent() && target.systemUuid().equals(now.get().systemUuid())) {
                            m.putVm(vm.withOwner(null).withHost(target.name()));
                        }
                    }));
                })
                .result(r -> source.model().vm(req.name()).orElseThrow())
                .build();
    }
}
