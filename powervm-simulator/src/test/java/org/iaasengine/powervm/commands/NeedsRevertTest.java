package org.iaasengine.powervm.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.iaasengine.core.Key;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.FcMappingRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.LparSpec;
import org.iaasengine.powervm.spec.MigrationResult;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffResult;
import org.iaasengine.powervm.spec.ScsiMappingRef;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.storage.NpivVolumeConnector;
import org.iaasengine.powervm.storage.SspDiskDriver;
import org.iaasengine.powervm.storage.VolumeAttachment;
import org.iaasengine.powervm.storage.VscsiVolumeConnector;
import org.iaasengine.powervm.sync.LparStates;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each PowerVM command says, from its result alone, whether its revert has something to undo
 * ({@code needsRevert} sends no request; the simulator only backs the client the constructors want).
 */
class NeedsRevertTest {
    private static final String UUID = "11111111-2222-4333-8444-555555555555";
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final DiskRef DISK = new DiskRef(DiskRef.Kind.VIRTUAL_DISK, UUID, UUID, "b_web1", "udid", 10);
    private PowerVmSimulator sim;
    private PowerVmClient client;

    @BeforeEach
    void start() {
        sim = PowerVmSimulator.start();
        client = PowerVmClient.lazy(sim.config().build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    @Test
    void commandsWithoutARevertNeverNeedOne() {
        assertThat(new DeleteDisk(client, Input.of(List.of(DISK))).needsRevert(List.of("b_web1"))).isFalse();
        assertThat(new DeleteLpar(client, Input.of(UUID)).needsRevert(true)).isFalse();
        assertThat(new FindLpar(client, UUID, "web1", false).needsRevert(null)).isFalse();
        assertThat(new FindPhysicalVolume(client, UUID, "udid").needsRevert(DISK)).isFalse();
        assertThat(new GetLpar(client, Input.of(UUID)).needsRevert(null)).isFalse();
        assertThat(new GetManagedSystem(client, UUID).needsRevert(null)).isFalse();
        assertThat(new ListLpars(client, UUID).needsRevert(List.of())).isFalse();
        assertThat(new ListVioses(client, UUID).needsRevert(List.of())).isFalse();
        assertThat(new RestartLpar(client, Input.of(UUID), PowerOffMode.OS_NORMAL, MINUTE)
                .needsRevert(PowerOffMode.OS_NORMAL)).isFalse();
        ImageRef image = new ImageRef("rhel9", 10);
        LocalDiskDriver local = new LocalDiskDriver(client, UUID, UUID);
        assertThat(local.cacheImage(image).needsRevert(DISK)).isFalse();
        assertThat(local.cleanImageCache().needsRevert(List.of("i_rhel9"))).isFalse();
        SspDiskDriver ssp = new SspDiskDriver(client, UUID, UUID);
        assertThat(ssp.cacheImage(image).needsRevert(DISK)).isFalse();
        assertThat(ssp.cleanImageCache().needsRevert(List.of("image_rhel9"))).isFalse();
    }

    @Test
    void commandsThatAlwaysMadeSomethingAlwaysNeedTheirRevert() {
        assertThat(new CreateLpar(client, UUID, LparSpec.of("web1", 2048, 0.5, 1)).needsRevert(new LparRef(UUID, "web1")))
                .isTrue();
        assertThat(new CreateClientNetworkAdapter(client, Input.of(UUID), 100, null)
                .needsRevert(new AdapterRef(UUID, UUID, "aa", 100))).isTrue();
        assertThat(new CreateVirtualDisk(client, UUID, UUID, "b_web1", 10, Input.of(null)).needsRevert(DISK)).isTrue();
        assertThat(new CreateLogicalUnit(client, UUID, "boot_web1", 10, LogicalUnit.DISK, Input.of(null))
                .needsRevert(DISK)).isTrue();
        assertThat(new AddVscsiMapping(client, UUID, Input.of(UUID), Input.of(DISK))
                .needsRevert(new ScsiMappingRef(UUID, UUID, DISK))).isTrue();
        assertThat(new AddVfcMapping(client, UUID, Input.of(UUID), "fcs0")
                .needsRevert(new FcMappingRef(UUID, UUID, "fcs0", List.of()))).isTrue();
        assertThat(new MigrateLpar(client, Input.of(UUID), "sys-a", "sys-b", MINUTE)
                .needsRevert(new MigrationResult(UUID, "sys-a", "sys-b"))).isTrue();
        VolumeAttachment a = new VolumeAttachment("vscsi", UUID, UUID, "hdisk1", List.of());
        assertThat(new VscsiVolumeConnector(client, UUID, "udid").connect(Input.of(UUID)).needsRevert(a)).isTrue();
        assertThat(new NpivVolumeConnector(client, UUID, "fcs0").connect(Input.of(UUID)).needsRevert(a)).isTrue();
    }

    @Test
    void powerChangesNeedTheirRevertOnlyWhenTheyChangedThePowerState() {
        assertThat(new PowerOn(client, Input.of(UUID), MINUTE).needsRevert(true)).isTrue();
        assertThat(new PowerOn(client, Input.of(UUID), MINUTE).needsRevert(false)).isFalse();

        PowerOff restoring = new PowerOff(client, Input.of(UUID), PowerOffMode.OS_NORMAL, true, MINUTE, true);
        assertThat(restoring.needsRevert(new PowerOffResult(UUID, true, PowerOffMode.OS_NORMAL))).isTrue();
        assertThat(restoring.needsRevert(new PowerOffResult(UUID, false, null))).isFalse();
        assertThat(restoring.needsRevert(new PowerOffResult(null, false, null))).isFalse();
        // A power off that is not to be undone (a delete's) has nothing to undo even when it stopped the LPAR.
        PowerOff notRestored = new PowerOff(client, Input.of(UUID), PowerOffMode.OS_NORMAL, true, MINUTE, false);
        assertThat(notRestored.needsRevert(new PowerOffResult(UUID, true, PowerOffMode.OS_NORMAL))).isFalse();
    }

    @Test
    void mappingRemovalsNeedTheirRevertOnlyWhenTheyRemovedSomething() {
        RemoveVscsiMapping scsi = new RemoveVscsiMapping(client, UUID, Input.of(UUID), null);
        assertThat(scsi.needsRevert(List.of(new ScsiMappingRef(UUID, UUID, DISK)))).isTrue();
        assertThat(scsi.needsRevert(List.of())).isFalse();
        RemoveVfcMapping fc = new RemoveVfcMapping(client, UUID, Input.of(UUID), null);
        assertThat(fc.needsRevert(List.of(new FcMappingRef(UUID, UUID, "fcs0", List.of())))).isTrue();
        assertThat(fc.needsRevert(List.of())).isFalse();

        VolumeAttachment a = new VolumeAttachment("x", UUID, UUID, "fcs0", List.of());
        var vscsi = new VscsiVolumeConnector(client, UUID, "udid").disconnect(Input.of(UUID));
        assertThat(vscsi.needsRevert(a)).isTrue();
        assertThat(vscsi.needsRevert(null)).isFalse();
        var npiv = new NpivVolumeConnector(client, UUID, "fcs0").disconnect(Input.of(UUID));
        assertThat(npiv.needsRevert(a)).isTrue();
        assertThat(npiv.needsRevert(null)).isFalse();
    }

    @Test
    void aClaimNeedsItsRevertOnlyWhenItClaimed() {
        Key<LparInfo> lpar = Key.of("lpar", LparInfo.class);
        ClaimVm claim = ClaimVm.builder(new ResourceModel(), "web1", VmState.STARTING)
                .observeFirst(r -> r.find(lpar).map(l -> LparStates.toVm(l, "sys-a")).orElse(null)).build();
        assertThat(claim.needsRevert(new Claim(Vm.builder("web1").state(VmState.SHUTOFF).build(), "a1"))).isTrue();
        assertThat(claim.needsRevert(null)).isFalse();
    }
}
