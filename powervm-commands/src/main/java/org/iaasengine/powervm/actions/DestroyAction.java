package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.DeleteLpar;
import org.iaasengine.powervm.commands.DeleteOpticalMedia;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.PowerOff;
import org.iaasengine.powervm.commands.RemoveVfcMapping;
import org.iaasengine.powervm.commands.RemoveVscsiMapping;
import org.iaasengine.powervm.commands.UnmapOnOtherVioses;
import org.iaasengine.powervm.spec.DestroyRequest;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.spec.PowerOffResult;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.ViosMappings;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Destroy: find the LPAR → claim it (DELETING) → power off (OS immediate, escalating, never
 * restored) → remove its vSCSI and NPIV mappings, on the disk driver's VIOS and then on every
 * other VIOS of the system (the redundant paths of its volumes) → delete its disks of this driver (attached FC
 * volumes are left alone) → remove its configuration drive's optical media {@code cfg_<vm>} → delete the LPAR → remove the VM from the model. An LPAR already gone is
 * success (result false). Steps retry TRANSIENT failures; a failure reverts what it can (mappings
 * are restored), so running Destroy again finishes the job. After a failure the model takes the
 * LPAR's state as read back (a failed read is read again, see {@link Plans#readBack}; when every
 * read fails, the VM is UNKNOWN rather than what the model said before).
 *
 * <pre>{@code
 * boolean existed = engine.run(DestroyAction.plan(host, disks, new VmRequest("web1")));
 * }</pre>
 */
public final class DestroyAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<PowerOffResult> OFF = Key.of("off", PowerOffResult.class);
    public static final Key<List<ScsiMappingRef>> UNMAPPED = Key.named("unmapped");
    public static final Key<List<FcMappingRef>> UNMAPPED_FC = Key.named("unmappedFc");
    public static final Key<ViosMappings> UNMAPPED_OTHERS = Key.of("unmappedOthers", ViosMappings.class);
    public static final Key<List<String>> DISKS_DELETED = Key.named("disksDeleted");
    public static final Key<Boolean> DELETED = Key.of("deleted", Boolean.class);
    public static final Key<Boolean> MEDIA_DELETED = Key.of("configDriveDeleted", Boolean.class);

    private DestroyAction() {
    }

    public static Action<Boolean> plan(PowerVmHost host, DiskDriver disks, VmRequest req) {
        return plan(host, disks, new DestroyRequest(host.name(), req.name()));
    }

    public static Action<Boolean> plan(PowerVmHost host, DiskDriver disks, DestroyRequest req) {
        Plans.checkHost(req, req.host(), host);
        Input<String> lpar = Input.from(FOUND, LparInfo::uuid);
        return Action.<Boolean>builder(DestroyRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), false))
                .step(CLAIM, Plans.claim(host, req.name(), VmState.DELETING, FOUND))
                .step(OFF, new PowerOff(host.client(), lpar, PowerOffMode.OS_IMMEDIATE, true, host.timeouts().job(),
                        false))
                .step(UNMAPPED, new RemoveVscsiMapping(host.client(), disks.viosUuid(), lpar, null))
                .step(UNMAPPED_FC, new RemoveVfcMapping(host.client(), disks.viosUuid(), lpar, null))
                .step(UNMAPPED_OTHERS, new UnmapOnOtherVioses(host.client(), host.systemUuid(), disks.viosUuid(), lpar))
                .step(DISKS_DELETED, disks.deleteDisks(Input.from(UNMAPPED)))
                .step(MEDIA_DELETED, new DeleteOpticalMedia(host.client(), disks.viosUuid(),
                        ConfigDrive.mediaName(req.name())))
                .step(DELETED, new DeleteLpar(host.client(), lpar))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().removeVm(req.name()))
                .onFailure(Plans.readStateBack(host, req.name(), CLAIM)) // the power-off is not undone
                .result(r -> r.find(FOUND).isPresent())
                .build();
    }
}
