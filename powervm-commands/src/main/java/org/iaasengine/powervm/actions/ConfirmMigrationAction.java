package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.DeleteLpar;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.RemoveVfcMapping;
import org.iaasengine.powervm.commands.RemoveVscsiMapping;
import org.iaasengine.powervm.commands.UnmapOnOtherVioses;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.ConfirmMigrationRequest;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.ViosMappings;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Confirm a cold migration (nova's confirm_migration): find the source LPAR
 * ({@code <name>-src}, NOT_FOUND if absent) → remove its vSCSI and NPIV mappings on every VIOS of
 * the source (mappings restored on revert; its shared disks are not deleted: the target uses them)
 * → delete it. The model forgets VM {@code <name>-src}.
 *
 * <pre>{@code
 * engine.run(ConfirmMigrationAction.plan(hostA, sspA, new ConfirmMigrationRequest("sim-a", "web1")));
 * }</pre>
 */
public final class ConfirmMigrationAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<List<ScsiMappingRef>> UNMAPPED = Key.named("unmapped");
    public static final Key<List<FcMappingRef>> UNMAPPED_FC = Key.named("unmappedFc");
    public static final Key<ViosMappings> UNMAPPED_OTHERS = Key.of("unmappedOthers", ViosMappings.class);
    public static final Key<Boolean> DELETED = Key.of("deleted", Boolean.class);

    private ConfirmMigrationAction() {
    }

    public static Action<Boolean> plan(PowerVmHost source, DiskDriver sourceDisks, ConfirmMigrationRequest req) {
        Plans.checkHost(req, req.host(), source);
        String old = ColdMigrateRequest.sourceName(req.name());
        Input<String> lpar = Input.from(FOUND, LparInfo::uuid);
        return Action.<Boolean>builder(ConfirmMigrationRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(source.client(), source.systemUuid(), old, true))
                .step(UNMAPPED, new RemoveVscsiMapping(source.client(), sourceDisks.viosUuid(), lpar, null))
                .step(UNMAPPED_FC, new RemoveVfcMapping(source.client(), sourceDisks.viosUuid(), lpar, null))
                .step(UNMAPPED_OTHERS, new UnmapOnOtherVioses(source.client(), source.systemUuid(),
                        sourceDisks.viosUuid(), lpar))
                .step(DELETED, new DeleteLpar(source.client(), lpar))
                .retry(source.retry())
                .revertRetry(source.revertRetry())
                .timeout(source.timeouts().action())
                .sync(r -> source.model().removeVm(old))
                .resultFrom(DELETED)
                .build();
    }
}
