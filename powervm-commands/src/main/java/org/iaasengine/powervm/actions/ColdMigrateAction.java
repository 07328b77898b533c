package org.iaasengine.powervm.actions;

import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.CreateLpar;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.MapSharedDisksLike;
import org.iaasengine.powervm.commands.PlugAdaptersLike;
import org.iaasengine.powervm.commands.PowerOff;
import org.iaasengine.powervm.commands.PowerOn;
import org.iaasengine.powervm.commands.RenameLpar;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffResult;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.sync.LparStates;

/**
 * Cold migration to another managed system, nova's migrate / resize with its confirm and revert:
 * find the LPAR on the source (NOT_FOUND if absent) → claim it (MIGRATING) → power it off
 * (escalating; powered on again on revert) → rename it {@link ColdMigrateRequest#sourceName} (it
 * stays until confirm) → create the LPAR on the target with the request's shape (a partition UUID of
 * its own) → plug an adapter on each VLAN of the source → map the source's shared storage pool
 * units on the target's VIOS (both systems see the pool) → power on the target. Any failure reverts
 * in reverse order and the source runs again under its name. Both disk drivers must keep the disks
 * in shared storage (an SSP): local disks stay with their VIOS (INVALID_INPUT when the plan is made).
 * Fibre Channel volumes are not carried. On success the model has the VM on the target (RUNNING,
 * the new shape and MACs) and the source as VM {@code <name>-src} (SHUTOFF), which confirm removes
 * and revert turns back into the VM.
 *
 * <pre>{@code
 * Vm moved = engine.run(ColdMigrateAction.plan(hostA, sspA, hostB, sspB,
 *         new ColdMigrateRequest("sim-a", "web1", "sim-b", 4096, 1.0, 2)));
 * }</pre>
 */
public final class ColdMigrateAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    public static final Key<PowerOffResult> OFF = Key.of("off", PowerOffResult.class);
    public static final Key<String> RENAMED = Key.of("renamed", String.class);
    public static final Key<LparRef> TARGET = Key.of("target", LparRef.class);
    public static final Key<List<AdapterRef>> ADAPTERS = Key.named("adapters");
    public static final Key<List<ScsiMappingRef>> DISKS = Key.named("disks");
    public static final Key<Boolean> POWERED_ON = Key.of("poweredOn", Boolean.class);

    private ColdMigrateAction() {
    }

    public static Action<Vm> plan(PowerVmHost source, DiskDriver sourceDisks, PowerVmHost target,
            DiskDriver targetDisks, ColdMigrateRequest req) {
        Plans.checkHost(req, req.host(), source);
        Plans.checkHost(req, req.target(), target);
        InvalidInputException.check(sourceDisks.supportsLiveMigration() && targetDisks.supportsLiveMigration(),
                "cold migration of LPAR %s needs its disks in shared storage; the %s and %s disk drivers keep "
                        + "them on one host", req.name(), sourceDisks.name(), targetDisks.name());
        Input<String> src = Input.from(FOUND, LparInfo::uuid);
        Input<String> tgt = Input.from(TARGET, LparRef::uuid);
        String name = req.name();
        return Action.<Vm>builder(ColdMigrateRequest.ACTION, ResourceKey.vm(name).toString())
                .request(req)
                .step(FOUND, new FindLpar(source.client(), source.systemUuid(), name, true))
                .step(CLAIM, Plans.claim(source, name, VmState.MIGRATING, FOUND))
                .step(OFF, new PowerOff(source.client(), src, PowerOffMode.OS_IMMEDIATE, true,
                        source.timeouts().job(), true))
                .step(RENAMED, new RenameLpar(source.client(), src, name, ColdMigrateRequest.sourceName(name)))
                .step(TARGET, new CreateLpar(target.client(), target.systemUuid(), req.spec(),
                        name + "@" + target.systemUuid()))
                .step(ADAPTERS, new PlugAdaptersLike(target.client(), src, tgt))
                .step(DISKS, new MapSharedDisksLike(target.client(), sourceDisks.viosUuid(), src,
                        targetDisks.viosUuid(), tgt))
                .step(POWERED_ON, new PowerOn(target.client(), tgt, target.timeouts().job()))
                .retry(source.retry())
                .revertRetry(source.revertRetry())
                .timeout(source.timeouts().action())
                .sync(r -> {
                    Vm before = r.get(CLAIM).before();
                    LparInfo s = r.get(FOUND);
                    r.get(CLAIM).release(source.model(), vm -> vm.toBuilder().uuid(r.get(TARGET).uuid())
                            .host(target.name()).vcpus(req.vcpus()).memoryKiB(req.memoryMb() * 1024)
                            .macs(LparStates.macs(r.get(ADAPTERS))).build().withState(VmState.RUNNING));
                    source.model().putVm(Vm.builder(ColdMigrateRequest.sourceName(name)).uuid(s.uuid())
                            .host(source.name()).state(VmState.SHUTOFF).vcpus(s.vcpus())
                            .memoryKiB(s.memoryMb() * 1024).macs(before == null ? List.of() : before.macs())
                            .definitionRef(before == null ? null : before.definitionRef()).build());
                })
                .onFailure(MigrationHooks.readBoth(source, target, name, CLAIM))
                .result(r -> source.model().vm(name).orElseThrow())
                .build();
    }
}
