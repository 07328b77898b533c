package org.iaasengine.libvirt.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.spec.CopyMode;
import org.iaasengine.libvirt.spec.DiskImage;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.spec.ShutdownOutcome;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.model.Claim;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.Test;

/**
 * Each libvirt command says, from its result alone, whether its revert has something to undo (no
 * driver is touched: {@code needsRevert} only reads the result).
 */
class NeedsRevertTest {
    private static final LibvirtDriver NO_DRIVER = null;
    private static final Key<StoredDefinition> DEF = Key.of("definition", StoredDefinition.class);
    private static final StoredDefinition STORED = new StoredDefinition("web1",
            "0b8ba7f2-45a9-4b3c-9d8e-5c2a4f0e7d11", "host-a", Lifecycle.PERSISTENT, null, List.of(), null, "<domain/>");
    private static final DomainSummary DOMAIN = new DomainSummary("web1", "0b8ba7f2-45a9-4b3c-9d8e-5c2a4f0e7d11", 1,
            DomainState.RUNNING, true);

    @Test
    void commandsWithoutARevertNeverNeedOne() {
        assertThat(new DestroyVm(NO_DRIVER, "web1").needsRevert(true)).isFalse();
        assertThat(new RebootVm(NO_DRIVER, "web1").needsRevert(null)).isFalse();
        assertThat(new DeleteDisks(org.iaasengine.core.Key.named("forgotten"), Path.of("/storage"), "host-a", "web1").needsRevert(List.of("/storage/a.qcow2")))
                .isFalse();
        assertThat(new ReadDefinition(NO_DRIVER, null, "host-a", "web1").needsRevert(STORED)).isFalse();
        assertThat(new DomInfo(NO_DRIVER, "web1").needsRevert(null)).isFalse();
        assertThat(new DomState(NO_DRIVER, "web1").needsRevert(null)).isFalse();
        assertThat(new GetMac(NO_DRIVER, "web1").needsRevert(List.of())).isFalse();
        assertThat(new GetNodeInfo(NO_DRIVER).needsRevert(null)).isFalse();
        assertThat(new HostRunningInfo(NO_DRIVER).needsRevert(null)).isFalse();
        assertThat(new ListVms(NO_DRIVER).needsRevert(List.of())).isFalse();
        assertThat(new SampleNodeStats(NO_DRIVER, Duration.ZERO).needsRevert(null)).isFalse();
    }

    @Test
    void commandsThatAlwaysMadeSomethingAlwaysNeedTheirRevert() {
        assertThat(new CreateVm(NO_DRIVER, DEF).needsRevert(DOMAIN)).isTrue();
        assertThat(new DefineVm(NO_DRIVER, DEF).needsRevert(DOMAIN)).isTrue();
        assertThat(new CreateXml(null, "host-a", "test", null, Optional.empty()).needsRevert(STORED)).isTrue();
        assertThat(new RegisterVm(new ResourceModel(), vm()).needsRevert(vm())).isTrue();
        assertThat(new CopyTemplate(Path.of("/templates"), Path.of("/storage"), "base.qcow2", "x.qcow2",
                CopyMode.LINKED, Duration.ofMinutes(1)).needsRevert(new DiskImage("/storage/x.qcow2", "qcow2")))
                .isTrue();
    }

    @Test
    void aShutdownNeedsItsRevertUnlessTheVmWasAlreadyOff() {
        ShutdownVm shutdown = new ShutdownVm(NO_DRIVER, null, "web1", Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThat(shutdown.needsRevert(ShutdownOutcome.GRACEFUL)).isTrue();
        assertThat(shutdown.needsRevert(ShutdownOutcome.FORCED)).isTrue();
        assertThat(shutdown.needsRevert(ShutdownOutcome.ALREADY_OFF)).isFalse();
    }

    @Test
    void anUndefineNeedsItsRevertOnlyWhenItRemovedADefinition() {
        UndefineVm undefine = new UndefineVm(NO_DRIVER, "web1");
        assertThat(undefine.needsRevert(Optional.of("<domain/>"))).isTrue();
        assertThat(undefine.needsRevert(Optional.empty())).isFalse();
    }

    @Test
    void stateChangesNeedTheirRevertOnlyWhenTheyChangedTheState() {
        assertThat(new StartVm(NO_DRIVER, null, "web1").needsRevert(true)).isTrue();
        assertThat(new StartVm(NO_DRIVER, null, "web1").needsRevert(false)).isFalse();
        assertThat(new SuspendVm(NO_DRIVER, "web1").needsRevert(true)).isTrue();
        assertThat(new SuspendVm(NO_DRIVER, "web1").needsRevert(false)).isFalse();
        assertThat(new ResumeVm(NO_DRIVER, "web1").needsRevert(true)).isTrue();
        assertThat(new ResumeVm(NO_DRIVER, "web1").needsRevert(false)).isFalse();
        MigrateVm migrate = new MigrateVm(NO_DRIVER, NO_DRIVER, "web1", null);
        assertThat(migrate.needsRevert(true)).isTrue();
        assertThat(migrate.needsRevert(false)).isFalse();
    }

    @Test
    void storeAndModelChangesNeedTheirRevertOnlyWhenTheyChangedSomething() {
        assertThat(new RemoveDefinition(null, "web1").needsRevert(Optional.of(STORED))).isTrue();
        assertThat(new RemoveDefinition(null, "web1").needsRevert(Optional.empty())).isFalse();

        MoveDefinition move = new MoveDefinition(null, "web1", "host-b");
        assertThat(move.needsRevert(Optional.of("host-a"))).isTrue();
        assertThat(move.needsRevert(Optional.of("host-b"))).isFalse();
        assertThat(move.needsRevert(Optional.empty())).isFalse();

        SetIp setIp = new SetIp(null, null, "web1", "10.0.0.5");
        assertThat(setIp.needsRevert(Optional.empty())).isTrue();
        assertThat(setIp.needsRevert(Optional.of("10.0.0.4"))).isTrue();
        assertThat(setIp.needsRevert(Optional.of("10.0.0.5"))).isFalse();

        ClaimVm claim = ClaimVm.ifPresent(new ResourceModel(), "host-a", "web1", VmState.STOPPING);
        assertThat(claim.needsRevert(new Claim(vm(), "a1"))).isTrue();
        assertThat(claim.needsRevert(null)).isFalse();
    }

    private static Vm vm() {
        return Vm.builder("web1").state(VmState.RUNNING).build();
    }
}
