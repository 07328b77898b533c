package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;

import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.sync.LparStates;
import org.junit.jupiter.api.Test;

class ModelActionsTest extends SimTestSupport {

    @Test
    void initModelPutsTheHostItsViosAndItsLparsWithMappedStatesInTheModel() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web2")));
        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web2", PowerOffMode.VSP_HARD, false)));
        ResourceModelReset.clear(model);
        model.putVm(Vm.builder("stale").host("sim-a").state(VmState.RUNNING).build());
        model.putVm(Vm.builder("busy").host("sim-a").state(VmState.RUNNING).build());
        model.claim("busy", "other-action", VmState.MIGRATING);

        Host host = engine.run(InitModelAction.plan(hostA));

        assertThat(host.state()).isEqualTo(HostState.UP);
        assertThat(host.attributes()).containsKey("vios.vios-a").containsEntry("systemName", "sim-a");
        assertThat(host.memoryKiB()).isEqualTo(131072L * 1024);
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.RUNNING);
        assertThat(model.vm("web2").orElseThrow().state()).isEqualTo(VmState.SHUTOFF);
        assertThat(model.vm("web1").orElseThrow().memoryKiB()).isEqualTo(2048 * 1024);
        assertThat(model.vm("stale")).isEmpty();
        assertThat(model.vm("busy")).hasValueSatisfying(v -> assertThat(v.state()).isEqualTo(VmState.MIGRATING));
    }

    @Test
    void hostInfoReadsTheManagedSystem() {
        Host host = engine.run(HostInfoAction.plan(hostB));

        assertThat(host.name()).isEqualTo("sim-b");
        assertThat(host.cpus()).isEqualTo(10);
        assertThat(host.attributes()).containsEntry("machineType", "8247").containsEntry("lpm", "true");
        assertThat(model.host("sim-b")).contains(host);
    }

    @Test
    void hostStatisticsCountRunningLparsAndTheResourcesTheyUse() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web2")));
        engine.run(PowerOffAction.plan(hostA, new PowerOffRequest("web2", PowerOffMode.VSP_HARD, false)));

        HostStats s = engine.run(HostStatisticalAction.plan(hostA));

        assertThat(s.totalLpars()).isEqualTo(2);
        assertThat(s.runningLpars()).isEqualTo(1);
        assertThat(s.installedProcUnits() - s.availableProcUnits()).isEqualTo(1.5); // VIOS 1.0 + web1 0.5
        assertThat(s.installedMemoryMb() - s.availableMemoryMb()).isEqualTo(4864 + 4096 + 2048);
        assertThat(s.procUnitsUsedFraction()).isBetween(0.14, 0.16);
    }

    @Test
    void partitionStatesMapToModelStates() {
        assertThat(LparStates.toVmState("open firmware")).isEqualTo(VmState.RUNNING);
        assertThat(LparStates.toVmState("not activated")).isEqualTo(VmState.SHUTOFF);
        assertThat(LparStates.toVmState("migrating not active")).isEqualTo(VmState.SHUTOFF);
        assertThat(LparStates.toVmState("suspended")).isEqualTo(VmState.PAUSED);
        assertThat(LparStates.toVmState("error")).isEqualTo(VmState.CRASHED);
        assertThat(LparStates.toVmState("not available")).isEqualTo(VmState.UNKNOWN);
        assertThat(LparStates.mac("FAD4433ED120")).isEqualTo("fa:d4:43:3e:d1:20");
    }

    /** Empties a model (the actions above filled it). */
    static final class ResourceModelReset {
        static void clear(org.iaasengine.model.ResourceModel m) {
            m.update(mut -> mut.vms().forEach(v -> mut.removeVm(v.name())));
        }
    }
}
