package org.iaasengine.powervm.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.iaasengine.powervm.SimTestSupport;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.junit.jupiter.api.Test;

class ImageCacheTest extends SimTestSupport {

    @Test
    void theCachedImageIsReusedBySpawnsOfTheSameImage() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        long writesAfterFirst = countMatching("POST uom/VirtualIOServer/.*/VolumeGroup/.*");

        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web2")));

        assertThat(sim.snapshot().virtualDisks()).containsExactlyInAnyOrder("i_rhel9", "b_web1", "b_web2");
        assertThat(countMatching("POST uom/VirtualIOServer/.*/VolumeGroup/.*") - writesAfterFirst)
                .as("the second spawn writes only its own disk").isEqualTo(1);
    }

    @Test
    void cleanupRemovesOnlyCachedImagesNoVmUses() {
        engine.run(SpawnAction.plan(hostA, localA, spawnRequest("web1")));
        engine.run(SpawnAction.plan(hostA, localA, new SpawnRequest("web2", 2048, 0.5, 1, 100,
                new org.iaasengine.powervm.spec.ImageRef("aix73", 12), 20)));
        engine.run(DestroyAction.plan(hostA, localA, new VmRequest("web2")));

        List<String> removed = engine.run(CleanImageCacheAction.plan(hostA, localA));

        assertThat(removed).containsExactly("i_aix73");
        assertThat(sim.snapshot().virtualDisks()).containsExactlyInAnyOrder("i_rhel9", "b_web1");
    }

    @Test
    void sspImageUnitsAreSharedAndCleanedTheSameWay() {
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web1")));
        engine.run(SpawnAction.plan(hostA, sspA, spawnRequest("web2")));
        assertThat(sim.snapshot().logicalUnits()).containsExactlyInAnyOrder("image_rhel9", "boot_web1", "boot_web2");

        assertThat(engine.run(CleanImageCacheAction.plan(hostA, sspA))).isEmpty();
        engine.run(DestroyAction.plan(hostA, sspA, new VmRequest("web1")));
        engine.run(DestroyAction.plan(hostA, sspA, new VmRequest("web2")));

        assertThat(engine.run(CleanImageCacheAction.plan(hostA, sspA))).containsExactly("image_rhel9");
        assertThat(sim.snapshot().logicalUnits()).isEmpty();
    }
}
