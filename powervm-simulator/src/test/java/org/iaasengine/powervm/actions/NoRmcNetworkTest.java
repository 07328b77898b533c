package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.UnplugVifRequest;
import org.junit.jupiter.api.Test;

/**
 * Plug, unplug and a dynamic resize on a running LPAR whose OS has no RMC connection: refused up
 * front (as pypowervm's can_modify_io / can_modify_mem), nothing changed.
 */
class NoRmcNetworkTest extends SimTestSupport {

    @Override
    protected PowerVmSimulator.Builder simulator() {
        return PowerVmSimulator.builder().rmcActiveAfterBoot(false);
    }

    @Test
    void plugAndUnplugOnARunningLparWithoutRmcAreConflictsNamingTheStateAndChangeNothing() {
        Vm vm = engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        int before = sim.requests().size();

        ActionFailedException plug = catchThrowableOfType(ActionFailedException.class,
                () -> engine.run(PlugVifAction.plan(hostA, new PlugVifRequest("sim-a", "web1", 200))));
        ActionFailedException unplug = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                UnplugVifAction.plan(hostA, new UnplugVifRequest("sim-a", "web1", vm.macs().get(0)))));

        for (ActionFailedException e : new ActionFailedException[] {plug, unplug}) {
            assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.CONFLICT);
            assertThat(e).hasMessageContaining("LPAR 'web1'").hasMessageContaining("without an active RMC");
            assertThat(e.failedStep()).isEqualTo("RequireIoModifiable");
        }
        assertThat(sim.requests().subList(before, sim.requests().size()))
                .noneMatch(r -> r.startsWith("PUT") || r.startsWith("DELETE"));
        assertThat(sim.snapshot().adapters()).containsExactly("web1/100");
        assertThat(model.vm("web1").orElseThrow().macs()).isEqualTo(vm.macs());
    }

    @Test
    void aDynamicResizeWithoutRmcIsAConflictAndWritesNothing() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        int before = sim.requests().size();

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, () -> engine.run(
                ResizeAction.plan(hostA, new ResizeRequest("sim-a", "web1", 2048, 0.5, 1, null))));

        assertThat(FailureCategory.of(e)).isEqualTo(FailureCategory.CONFLICT);
        assertThat(e).hasMessageContaining("without an active RMC");
        assertThat(sim.requests().subList(before, sim.requests().size())).noneMatch(r -> r.startsWith("POST"));
    }
}
