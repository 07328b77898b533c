package org.iaasengine.powervm.actions;

import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Key;
import org.iaasengine.core.Results;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.AddVscsiMapping;
import org.iaasengine.powervm.commands.BuildConfigDrive;
import org.iaasengine.powervm.commands.UploadOpticalMedia;
import org.iaasengine.powervm.commands.CreateClientNetworkAdapter;
import org.iaasengine.powervm.commands.CreateLpar;
import org.iaasengine.powervm.commands.PowerOn;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.MultipathVolumeConnector;
import org.iaasengine.powervm.storage.VolumeAttachment;
import org.iaasengine.powervm.sync.LparStates;

/**
 * Spawn, as nova-powervm's flow: create the LPAR → plug its network adapters (one per VLAN of the
 * request, each a step of its own, so a failure unplugs exactly those plugged) → cache the image →
 * create the boot disk from it → map the disk through vSCSI (these three are left out when the
 * request boots from a volume, as nova-powervm leaves out CreateDiskForImg and ConnectDisk) →
 * connect each volume of the request on every VIOS that can serve it
 * ({@link MultipathVolumeConnector}; the boot volume first) → (with a configuration drive: build
 * its ISO, upload it as optical media {@code cfg_<vm>}, map it through vSCSI) → power on. TRANSIENT failures (VIOS
 * busy, dropped connections) are retried per step; 412 conflicts are re-read and retried inside the
 * commands; any other failure reverts the steps done, in reverse order, leaving no LPAR, adapter,
 * disk or mapping (the image cache entry stays, shared). On success the VM is put in the model as
 * RUNNING.
 *
 * <pre>{@code
 * Vm vm = engine.run(SpawnAction.plan(host, disks, new SpawnRequest("web1", 2048, 0.5, 1, 100, image, 20)));
 * }</pre>
 */
public final class SpawnAction {
    public static final Key<LparRef> LPAR = Key.of("lpar", LparRef.class);
    public static final Key<AdapterRef> ADAPTER = Key.of("adapter", AdapterRef.class);
    public static final Key<DiskRef> IMAGE = Key.of("image", DiskRef.class);
    public static final Key<DiskRef> DISK = Key.of("disk", DiskRef.class);
    public static final Key<ScsiMappingRef> MAPPING = Key.of("mapping", ScsiMappingRef.class);
    public static final Key<Boolean> POWERED_ON = Key.of("poweredOn", Boolean.class);
    public static final Key<String> CONFIG_ISO = Key.of("configIso", String.class);
    public static final Key<DiskRef> CONFIG_MEDIA = Key.of("configMedia", DiskRef.class);
    public static final Key<ScsiMappingRef> CONFIG_MAPPING = Key.of("configMapping", ScsiMappingRef.class);

    private SpawnAction() {
    }

    /**
     * The plan of {@code given}, on {@code host} (the request's host when it names none);
     * {@code disks} may be null for a request that boots from a volume.
     */
    public static Action<Vm> plan(PowerVmHost host, DiskDriver disks, SpawnRequest given) {
        SpawnRequest req = given.host() == null ? given.onHost(host.name()) : given;
        Plans.checkHost(req, req.host(), host);
        Input<String> lpar = Input.from(LPAR, LparRef::uuid);
        Action.Builder<Vm> b = Action.<Vm>builder(SpawnRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(LPAR, new CreateLpar(host.client(), host.systemUuid(), req.spec()))
                .step(ADAPTER, new CreateClientNetworkAdapter(host.client(), lpar, req.vlan(), null));
        List<Key<AdapterRef>> adapters = new ArrayList<>(List.of(ADAPTER));
        for (int vlan : req.extraVlans()) {
            Key<AdapterRef> key = Key.of("adapter" + (adapters.size() + 1), AdapterRef.class);
            b.step(key, new CreateClientNetworkAdapter(host.client(), lpar, vlan, null));
            adapters.add(key);
        }
        if (!req.bootFromVolume()) {
            b.step(IMAGE, disks.cacheImage(req.image()))
                    .step(DISK, disks.createDiskFromImage(req.name(), req.diskGb(), IMAGE))
                    .step(MAPPING, new AddVscsiMapping(host.client(), disks.viosUuid(), lpar, Input.from(DISK)));
        }
        for (int i = 0; i < req.volumes().size(); i++) {
            b.step(Key.<List<VolumeAttachment>>named("volume" + (i + 1)),
                    new MultipathVolumeConnector(host.client(), host.systemUuid(), req.volumes().get(i)).connect(lpar));
        }
        if (req.configDrive() != null) {
            if (disks == null) {
                throw CommandException.invalid("LPAR " + req.name() + ": a configuration drive needs a disk driver "
                        + "(its VIOS holds the media repository)");
            }
            b.step(CONFIG_ISO, new BuildConfigDrive(lpar, req.name(), req.configDrive(), host.timeouts().job()))
                    .step(CONFIG_MEDIA, new UploadOpticalMedia(host.client(), disks.viosUuid(),
                            ConfigDrive.mediaName(req.name()), Input.from(CONFIG_ISO)))
                    .step(CONFIG_MAPPING, new AddVscsiMapping(host.client(), disks.viosUuid(), lpar,
                            Input.from(CONFIG_MEDIA)));
        }
        return b.step(POWERED_ON, new PowerOn(host.client(), lpar, host.timeouts().job()))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().putVm(vm(host, req, r, adapters)))
                .result(r -> vm(host, req, r, adapters))
                .build();
    }

    private static Vm vm(PowerVmHost host, SpawnRequest req, Results r, List<Key<AdapterRef>> keys) {
        List<AdapterRef> adapters = keys.stream().map(r::get).toList();
        return Vm.builder(req.name()).uuid(r.get(LPAR).uuid()).host(host.name()).state(VmState.RUNNING)
                .vcpus(req.vcpus()).memoryKiB(req.memoryMb() * 1024).macs(LparStates.macs(adapters))
                .definitionRef(req.bootFromVolume() ? null : r.get(DISK).name()).build();
    }
}
