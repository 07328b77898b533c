package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.DeleteDisk;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.PowerOff;
import org.iaasengine.powervm.commands.PowerOn;
import org.iaasengine.powervm.commands.RemoveVscsiMapping;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffResult;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.UnrescueRequest;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Unrescue, as nova-powervm's but with the rescue disk deleted last: find the LPAR → claim it
 * (REBOOTING) → power off (escalating; powered on again by revert) → remove the rescue disk's
 * mapping (restored by revert) → power on (normal boot, from the VM's own disk) → delete the rescue
 * disk. nova-powervm deletes the disk before it powers on; deleting it last keeps every step before
 * it revertible (a failed power-on maps the rescue disk back, which it could not once deleted). A VM not in rescue has no rescue
 * mapping or disk: those steps change nothing and it is only powered off and on. On success the VM
 * is RUNNING and its model {@code definitionRef} names its own disk again.
 *
 * <pre>{@code
 * Vm vm = engine.run(UnrescueAction.plan(host, disks, new UnrescueRequest("sim-a", "web1")));
 * }</pre>
 */
public final class UnrescueAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<PowerOffResult> OFF = Key.of("off", PowerOffResult.class);
    public static final Key<List<ScsiMappingRef>> UNMAPPED = Key.named("rescueUnmapped");
    public static final Key<List<String>> DELETED = Key.named("rescueDeleted");
    public static final Key<Boolean> POWERED_ON = Key.of("poweredOn", Boolean.class);

    private UnrescueAction() {
    }

    public static Action<Vm> plan(PowerVmHost host, DiskDriver disks, UnrescueRequest req) {
        Plans.checkHost(req, req.host(), host);
        Input<String> lpar = Input.from(FOUND, LparInfo::uuid);
        DiskRef rescue = disks.rescueDisk(req.name());
        String own = disks.diskName(req.name());
        return Action.<Vm>builder(UnrescueRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(CLAIM, Plans.claim(host, req.name(), VmState.REBOOTING, FOUND))
                .step(OFF, new PowerOff(host.client(), lpar, PowerOffMode.OS_IMMEDIATE, true, host.timeouts().job(),
                        true))
                .step(UNMAPPED, new RemoveVscsiMapping(host.client(), disks.viosUuid(), lpar, rescue))
                .step(POWERED_ON, new PowerOn(host.client(), lpar, host.timeouts().job()))
                .step(DELETED, new DeleteDisk(host.client(), Input.of(List.of(rescue))))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> r.get(CLAIM).release(host.model(),
                        vm -> vm.toBuilder().state(VmState.RUNNING).definitionRef(own).build()))
                .onFailure(Plans.readStateBack(host, req.name(), CLAIM))
                .result(r -> host.model().vm(req.name()).orElseThrow())
                .build();
    }
}
