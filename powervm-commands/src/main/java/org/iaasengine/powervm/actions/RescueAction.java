package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.AddVscsiMapping;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.PowerOff;
import org.iaasengine.powervm.commands.PowerOn;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffResult;
import org.iaasengine.powervm.spec.RescueRequest;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * Rescue, as nova-powervm's: find the LPAR → claim it (REBOOTING) → power off (OS immediate,
 * escalating; powered on again by revert) → cache the rescue image (uploaded when given with a
 * file) → create the rescue disk from it ({@code r_<vm>} / {@code rescue_<vm>}) → map it through
 * vSCSI beside the VM's own disk → power on to SMS ({@code bootmode=sms}, so the rescue disk can be
 * chosen to boot from). A failure reverts each step (the mapping removed, the rescue disk deleted,
 * the LPAR powered on again) and the model takes the LPAR's state as read back. On success the VM
 * is RUNNING and its model {@code definitionRef} names the rescue disk it boots from.
 *
 * <pre>{@code
 * Vm vm = engine.run(RescueAction.plan(host, disks, new RescueRequest("sim-a", "web1", new ImageRef("rescue", 2))));
 * }</pre>
 */
public final class RescueAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<PowerOffResult> OFF = Key.of("off", PowerOffResult.class);
    public static final Key<DiskRef> IMAGE = Key.of("image", DiskRef.class);
    public static final Key<DiskRef> RESCUE_DISK = Key.of("rescueDisk", DiskRef.class);
    public static final Key<ScsiMappingRef> MAPPING = Key.of("rescueMapping", ScsiMappingRef.class);
    public static final Key<Boolean> POWERED_ON = Key.of("poweredOn", Boolean.class);

    private RescueAction() {
    }

    public static Action<Vm> plan(PowerVmHost host, DiskDriver disks, RescueRequest req) {
        Plans.checkHost(req, req.host(), host);
        Input<String> lpar = Input.from(FOUND, LparInfo::uuid);
        String rescueDisk = disks.rescueDisk(req.name()).name();
        return Action.<Vm>builder(RescueRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(CLAIM, Plans.claim(host, req.name(), VmState.REBOOTING, FOUND))
                .step(OFF, new PowerOff(host.client(), lpar, PowerOffMode.OS_IMMEDIATE, true, host.timeouts().job(),
                        true))
                .step(IMAGE, disks.cacheImage(req.image()))
                .step(RESCUE_DISK, disks.createRescueDisk(req.name(), req.image().sizeGb(), IMAGE))
                .step(MAPPING, new AddVscsiMapping(host.client(), disks.viosUuid(), lpar, Input.from(RESCUE_DISK)))
                .step(POWERED_ON, new PowerOn(host.client(), lpar, host.timeouts().job(), PowerOn.SMS_BOOT))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> r.get(CLAIM).release(host.model(),
                        vm -> vm.toBuilder().state(VmState.RUNNING).definitionRef(rescueDisk).build()))
                .onFailure(Plans.readStateBack(host, req.name(), CLAIM))
                .result(r -> host.model().vm(req.name()).orElseThrow())
                .build();
    }
}
