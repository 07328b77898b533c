package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.simulator.SimFaults;
import org.iaasengine.powervm.spec.AdapterRef;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.UnplugVifRequest;
import org.iaasengine.powervm.sync.LparStates;
import org.junit.jupiter.api.Test;

/**
 * Several networks per VM: spawn with a list of VLANs, plug and unplug adapters later, each undone
 * on failure; the model's MACs follow the adapters the simulator holds.
 */
class NetworkActionsTest extends SimTestSupport {

    private SpawnRequest threeNetworks(String name) {
        return spawnRequest(name).withExtraVlans(List.of(200, 300));
    }

    /** The MACs of the adapters of {@code lpar} as the simulator holds them, in the model's form. */
    private List<String> simMacs(String lpar) {
        String uuid = sim.lparUuid(lpar).orElseThrow();
        return client.feed(org.iaasengine.powervm.rest.Paths.adapters(uuid),
                org.iaasengine.powervm.xml.uom.ClientNetworkAdapter.class).stream()
                .map(e -> LparStates.mac(e.value().macAddress)).toList();
    }

    @Test
    void spawnWithThreeVlansPlugsOneAdapterPerVlanWithDistinctMacsAndTheModelHasThem() {
        Vm vm = engine.run(SpawnAction.plan(hostA, localA, threeNetworks("web1")));

        assertThat(sim.snapshot().adapters()).containsExactly("web1/100", "web1/200", "web1/300");
        assertThat(vm.macs()).hasSize(3).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(simMacs("web1"));
        assertThat(model.vm("web1").orElseThrow().macs()).isEqualTo(vm.macs());
    }

    @Test
    void spawnFailingAtTheThirdAdapterUnplugsTheTwoBeforeAndLeavesNothing() {
        engine.addListener(ev -> {
            if (ev instanceof EngineEvent.CommandStarted c && c.step().contains("vlan 300")) {
                sim.faults().internalError("PUT", "ClientNetworkAdapter$", 1);
            }
        });

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(SpawnAction.plan(hostA, localA, threeNetworks("web1"))));

        assertThat(e.failedStep()).isEqualTo("CreateClientNetworkAdapter(vlan 300)");
        assertThat(e.reverted()).contains("CreateClientNetworkAdapter(vlan 100)", "CreateClientNetworkAdapter(vlan 200)");
        assertThat(sim.snapshot().holdsNoVmResources()).as("left: %s", sim.snapshot()).isTrue();
        assertThat(model.vm("web1")).isEmpty();
    }

    @Test
    void aSpawnRequestGivingAVlanTwiceIsRefusedNamingIt() {
        assertThatThrownBy(() -> spawnRequest("web1").withExtraVlans(List.of(200, 100)))
                .hasMessage("VLAN 100 is given twice for LPAR web1");
        assertThatThrownBy(() -> spawnRequest("web1").withExtraVlans(List.of(4095)))
                .hasMessageContaining("was 4095");
    }

    @Test
    void plugVifOnARunningLparAddsAnAdapterAndItsMacToTheModel() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));

        AdapterRef a = engine.run(PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 200)));

        assertThat(a.vlan()).isEqualTo(200);
        assertThat(sim.snapshot().adapters()).containsExactly("web1/100", "web1/200");
        List<String> macs = model.vm("web1").orElseThrow().macs();
        assertThat(macs).hasSize(2).doesNotHaveDuplicates().endsWith(LparStates.mac(a.mac()))
                .containsExactlyInAnyOrderElementsOf(simMacs("web1"));
    }

    @Test
    void plugAndUnplugWorkOnAStoppedLparAndUnplugRemovesExactlyTheMacGiven() {
        Vm vm = engine.run(SpawnAction.plan(hostA, localA, threeNetworks("web1")));
        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web1", PowerOffMode.VSP_HARD, false)));

        AdapterRef gone = engine.run(UnplugVifAction.plan(hostA, new UnplugVifRequest("sim-a", "web1",
                vm.macs().get(1))));
        AdapterRef plugged = engine.run(PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 400)));

        assertThat(gone.vlan()).isEqualTo(200);
        assertThat(sim.snapshot().adapters()).containsExactly("web1/100", "web1/300", "web1/400");
        assertThat(model.vm("web1").orElseThrow().macs())
                .containsExactly(vm.macs().get(0), vm.macs().get(2), LparStates.mac(plugged.mac()))
                .containsExactlyInAnyOrderElementsOf(simMacs("web1"));
    }

    @Test
    void unplugOfAMacTheLparLacksIsNotFoundAndChangesNothing() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        List<String> before = model.vm("web1").orElseThrow().macs();

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                UnplugVifAction.plan(hostA, new UnplugVifRequest("sim-a", "web1", "0A:00:00:00:00:01"))));

        assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.NOT_FOUND);
        assertThat(e).hasMessageContaining("0A0000000001");
        assertThat(model.vm("web1").orElseThrow().macs()).isEqualTo(before);
        assertThat(sim.snapshot().adapters()).containsExactly("web1/100");
    }

    @Test
    void anUnplugWhoseDeleteAnswerIsLostUnplugsExactlyOnce() {
        Vm vm = engine.run(SpawnAction.plan(hostA, localA, threeNetworks("web1")));
        sim.faults().loseReply("DELETE", "ClientNetworkAdapter/", 1);

        engine.run(UnplugVifAction.plan(hostA, new UnplugVifRequest("sim-a", "web1", vm.macs().get(0))));

        assertThat(sim.snapshot().adapters()).containsExactly("web1/200", "web1/300");
        assertThat(model.vm("web1").orElseThrow().macs()).containsExactly(vm.macs().get(1), vm.macs().get(2));
    }

    @Test
    void aPlugWhosePutAnswerIsLostPlugsOneAdapter() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.faults().loseReply("PUT", "ClientNetworkAdapter$", 1);

        engine.run(PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 200)));

        assertThat(sim.snapshot().adapters()).containsExactly("web1/100", "web1/200");
        assertThat(model.vm("web1").orElseThrow().macs()).containsExactlyInAnyOrderElementsOf(simMacs("web1"));
    }

    @Test
    void aFailedUnplugWhoseDeleteTookEffectPlugsTheSameMacBack() {
        Vm vm = engine.run(SpawnAction.plan(hostA, localA, threeNetworks("web1")));
        // calls: 1 find the LPAR, 2 read its adapters, 3 DELETE (takes effect, answer lost),
        // 4 the read after it fails, 5 the retry's read fails for good: the unplug fails, its undo runs
        sim.faults().atRequest(3, SimFaults.Kind.LOST_REPLY).atRequest(4, SimFaults.Kind.INTERNAL_ERROR)
                .atRequest(5, SimFaults.Kind.INTERNAL_ERROR);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                UnplugVifAction.plan(hostA, new UnplugVifRequest("sim-a", "web1", vm.macs().get(2)))));

        assertThat(e.failedStep()).startsWith("RemoveClientNetworkAdapter");
        assertThat(e.reverted()).anyMatch(s -> s.startsWith("RemoveClientNetworkAdapter"));
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        assertThat(sim.snapshot().adapters()).containsExactlyInAnyOrder("web1/100", "web1/200", "web1/300");
        assertThat(simMacs("web1")).containsExactlyInAnyOrderElementsOf(vm.macs());
        assertThat(model.vm("web1").orElseThrow().macs()).isEqualTo(vm.macs());
    }

    @Test
    void aPlugFailingAfterItsPutTookEffectUnplugsTheAdapter() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        List<String> before = model.vm("web1").orElseThrow().macs();
        // calls: 1 find the LPAR, 2 read its adapters, 3 PUT (takes effect, answer lost),
        // 4 the read after it fails, 5 the retry's read fails for good: the plug fails, its undo runs
        sim.faults().atRequest(3, SimFaults.Kind.LOST_REPLY).atRequest(4, SimFaults.Kind.INTERNAL_ERROR)
                .atRequest(5, SimFaults.Kind.INTERNAL_ERROR);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 200))));

        assertThat(e.failedStep()).isEqualTo("CreateClientNetworkAdapter(vlan 200)");
        assertThat(e.fullyReverted()).as("revert failures %s", e.revertFailures()).isTrue();
        assertThat(sim.snapshot().adapters()).containsExactly("web1/100");
        assertThat(model.vm("web1").orElseThrow().macs()).isEqualTo(before);
    }

    @Test
    void aPlugFailingForGoodLeavesTheModelAndTheAdaptersAsTheyWere() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        List<String> before = model.vm("web1").orElseThrow().macs();
        sim.faults().internalError("PUT", "ClientNetworkAdapter$", 1);

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 200))));

        assertThat(e.failedStep()).isEqualTo("CreateClientNetworkAdapter(vlan 200)");
        assertThat(sim.snapshot().adapters()).containsExactly("web1/100");
        assertThat(model.vm("web1").orElseThrow().macs()).isEqualTo(before);
    }
}
