package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.DeleteLpar;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.PowerOff;
import org.iaasengine.powervm.commands.PowerOn;
import org.iaasengine.powervm.commands.RemoveVfcMapping;
import org.iaasengine.powervm.commands.RemoveVscsiMapping;
import org.iaasengine.powervm.commands.RenameLpar;
import org.iaasengine.powervm.commands.UnmapOnOtherVioses;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffResult;
import org.iaasengine.powervm.spec.RevertMigrationRequest;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.ViosMappings;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Revert a cold migration (nova's revert_resize / finish_revert_migration): find the LPAR on the
 * target and the source LPAR ({@code <name>-src}; NOT_FOUND if either is absent) → claim the VM
 * (MIGRATING) → power the target off (so that the shared disks are never used by both) → rename the
 * target {@link ColdMigrateRequest#revertingName} and the source back to its name → power the
 * source on → remove the target's vSCSI and NPIV mappings on every VIOS (its shared disks stay: the
 * source uses them) → delete the target. Each step before the deletion is undone on failure (the
 * target runs again under its name); the deletion is last. The model has the VM on the source
 * again (RUNNING, the source's shape and MACs) and forgets {@code <name>-src}.
 *
 * <pre>{@code
 * Vm back = engine.run(RevertMigrationAction.plan(hostB, sspB, hostA, new RevertMigrationRequest("sim-b", "web1", "sim-a")));
 * }</pre>
 */
public final class RevertMigrationAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<LparInfo> SOURCE = Key.of("source", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<PowerOffResult> OFF = Key.of("off", PowerOffResult.class);
    public static final Key<String> TARGET_RENAMED = Key.of("targetRenamed", String.class);
    public static final Key<String> SOURCE_RENAMED = Key.of("sourceRenamed", String.class);
    public static final Key<Boolean> SOURCE_ON = Key.of("sourceOn", Boolean.class);
    public static final Key<List<ScsiMappingRef>> UNMAPPED = Key.named("unmapped");
    public static final Key<List<FcMappingRef>> UNMAPPED_FC = Key.named("unmappedFc");
    public static final Key<ViosMappings> UNMAPPED_OTHERS = Key.of("unmappedOthers", ViosMappings.class);
    public static final Key<Boolean> DELETED = Key.of("deleted", Boolean.class);

    private RevertMigrationAction() {
    }

    public static Action<Vm> plan(PowerVmHost target, DiskDriver targetDisks, PowerVmHost source,
            RevertMigrationRequest req) {
        Plans.checkHost(req, req.host(), target);
        Plans.checkHost(req, req.source(), source);
        String name = req.name();
        String old = ColdMigrateRequest.sourceName(name);
        Input<String> tgt = Input.from(FOUND, LparInfo::uuid);
        Input<String> src = Input.from(SOURCE, LparInfo::uuid);
        return Action.<Vm>builder(RevertMigrationRequest.ACTION, ResourceKey.vm(name).toString())
                .request(req)
                .step(FOUND, new FindLpar(target.client(), target.systemUuid(), name, true))
                .step(SOURCE, new FindLpar(source.client(), source.systemUuid(), old, true))
                .step(CLAIM, Plans.claim(target, name, VmState.MIGRATING, FOUND))
                .step(OFF, new PowerOff(target.client(), tgt, PowerOffMode.OS_IMMEDIATE, true,
                        target.timeouts().job(), true))
                .step(TARGET_RENAMED, new RenameLpar(target.client(), tgt, name,
                        ColdMigrateRequest.revertingName(name)))
                .step(SOURCE_RENAMED, new RenameLpar(source.client(), src, old, name))
                .step(SOURCE_ON, new PowerOn(source.client(), src, source.timeouts().job()))
                .step(UNMAPPED, new RemoveVscsiMapping(target.client(), targetDisks.viosUuid(), tgt, null))
                .step(UNMAPPED_FC, new RemoveVfcMapping(target.client(), targetDisks.viosUuid(), tgt, null))
                .step(UNMAPPED_OTHERS, new UnmapOnOtherVioses(target.client(), target.systemUuid(),
                        targetDisks.viosUuid(), tgt))
                .step(DELETED, new DeleteLpar(target.client(), tgt))
                .retry(target.retry())
                .revertRetry(target.revertRetry())
                .timeout(target.timeouts().action())
                .sync(r -> {
                    LparInfo s = r.get(SOURCE);
                    Vm kept = target.model().vm(old).orElse(null);
                    r.get(CLAIM).release(target.model(), vm -> vm.toBuilder().uuid(s.uuid()).host(source.name())
                            .vcpus(s.vcpus()).memoryKiB(s.memoryMb() * 1024)
                            .macs(kept == null ? List.of() : kept.macs()).build().withState(VmState.RUNNING));
                    target.model().removeVm(old);
                })
                .onFailure(MigrationHooks.readBoth(target, source, name, CLAIM))
                .result(r -> target.model().vm(name).orElseThrow())
                .build();
    }
}
