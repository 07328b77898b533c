package org.iaasengine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClaimVmTest {
    private static final Key<Claim> CLAIM = Key.of("claim", Claim.class);
    private final ResourceModel model = new ResourceModel();
    private final Engine engine = Engine.builder().workers(1).build();

    @AfterEach
    void close() {
        engine.close();
    }

    private Vm run(ClaimVm claim, boolean fail) {
        Action<Vm> a = Action.<Vm>builder("t", "vm:web1")
                .step(CLAIM, claim)
                .step(Command.named("Work", ctx -> {
                    if (fail) {
                        throw new CommandException(FailureCategory.CONFLICT, "no");
                    }
                    return model.vm("web1").orElse(null);
                }))
                .sync(r -> r.find(CLAIM).ifPresent(c -> c.release(model, vm -> vm.withState(VmState.SHUTOFF))))
                .result(r -> model.vm("web1").orElse(null))
                .timeout(Duration.ofSeconds(10))
                .build();
        return engine.run(a);
    }

    @Test
    void aClaimSetsTheTransitionalStateAndARevertGivesTheVmBack() {
        model.putVm(Vm.builder("web1").host("a").state(VmState.RUNNING).build());
        assertThatThrownBy(() -> run(ClaimVm.onHost(model, "a", "web1", VmState.STOPPING), true))
                .isInstanceOf(ActionFailedException.class);
        assertThat(model.vm("web1")).get().satisfies(v -> {
            assertThat(v.state()).isEqualTo(VmState.RUNNING);
            assertThat(v.isOwned()).isFalse();
        });
        assertThat(run(ClaimVm.onHost(model, "a", "web1", VmState.STOPPING), false).state()).isEqualTo(VmState.SHUTOFF);
    }

    @Test
    void aClaimOnTheWrongHostChangesNothing() {
        model.putVm(Vm.builder("web1").host("b").state(VmState.RUNNING).build());
        assertThatThrownBy(() -> run(ClaimVm.onHost(model, "a", "web1", VmState.STOPPING), false))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("host 'b'");
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.RUNNING);
    }

    @Test
    void anUnknownVmIsNotFoundSkippedOrObservedFirst() {
        assertThatThrownBy(() -> run(ClaimVm.onHost(model, "a", "web1", VmState.STOPPING), false))
                .isInstanceOf(ActionFailedException.class).hasMessageContaining("not in the model");
        assertThat(run(ClaimVm.ifPresent(model, "a", "web1", VmState.DELETING), false)).isNull();
        ClaimVm observing = ClaimVm.builder(model, "web1", VmState.STARTING)
                .observeFirst(r -> Vm.builder("web1").host("a").state(VmState.SHUTOFF).build()).detailedName().build();
        assertThat(observing.name()).isEqualTo("ClaimVm(web1 STARTING)");
        assertThat(ClaimVm.onHost(model, "a", "web1", VmState.STARTING).name()).isEqualTo("ClaimVm");
        assertThat(run(observing, false).state()).isEqualTo(VmState.SHUTOFF);
        model.removeVm("web1");
        assertThat(run(ClaimVm.builder(model, "web1", VmState.STARTING).observeFirst(r -> null).build(), false))
                .isNull();
        assertThat(model.snapshot().vms()).isEmpty();
    }

    @Test
    void onlyAClaimThatClaimedNeedsItsRevert() {
        ClaimVm claim = ClaimVm.ifPresent(model, "a", "web1", VmState.STOPPING);
        assertThat(claim.needsRevert(new Claim(Vm.builder("web1").state(VmState.RUNNING).build(), "a1"))).isTrue();
        assertThat(claim.needsRevert(null)).isFalse();
    }
}
