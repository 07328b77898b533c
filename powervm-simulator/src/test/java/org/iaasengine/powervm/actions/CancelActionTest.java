package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.junit.jupiter.api.Test;

class CancelActionTest extends SimTestSupport {

    private static void awaitTrue(BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", within).isLessThan(deadline);
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void cancellingAnActionCancelsItsRunningJobAndRestoresTheModel() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sim.faults().holdJobs("PowerOff");

        ActionHandle<Vm> h = engine.submit(PowerOffAction.plan(hostA,
                new PowerOffRequest("web1", PowerOffMode.VSP_HARD, false)));
        awaitTrue(() -> !sim.snapshot().runningJobs().isEmpty(), Duration.ofSeconds(10));
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.STOPPING);
        h.cancel();

        ActionFailedException e = catchThrowableOfType(ActionFailedException.class, h::join);
        assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED);
        assertThat(sim.cancelledJobs()).hasSize(1);
        assertThat(sim.snapshot().lpars()).containsEntry("web1", "running");
        assertThat(model.vm("web1")).hasValueSatisfying(vm -> {
            assertThat(vm.state()).isEqualTo(VmState.RUNNING);
            assertThat(vm.isOwned()).isFalse();
        });
    }
}
