package org.iaasengine.powervm.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.iaasengine.model.VmState;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.rest.Paths;
import org.junit.jupiter.api.Test;

class LparEventSyncTest extends SimTestSupport {

    @Test
    void eventsAboutLparsKeepTheModelTrue() {
        LparEventSync sync = new LparEventSync(hostA);
        sync.pollOnce(); // NEW_CLIENT: a full read of an empty host
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        sync.pollOnce();

        sim.setLparState("web1", "error");
        sync.pollOnce();
        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.CRASHED);

        sim.setLparState("web1", "not activated");
        client.delete(Paths.lpar(sim.lparUuid("web1").orElseThrow()));
        sync.pollOnce();
        assertThat(model.vm("web1")).isEmpty();
    }

    @Test
    void aVmOwnedByAnActionKeepsItsTransitionalState() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        LparEventSync sync = new LparEventSync(hostA);
        sync.pollOnce();
        model.claim("web1", "some-action", VmState.STOPPING);

        sim.setLparState("web1", "not activated");
        sync.pollOnce();

        assertThat(model.vm("web1").orElseThrow().state()).isEqualTo(VmState.STOPPING);
    }
}
