package org.iaasengine.examples.powervm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.Test;

class PowerVmSpawnExampleTest {

    @Test
    void spawnRunsTheLparAndDestroyLeavesNothingOnTheSimulator() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PowerVmSpawnExample.Outcome o = PowerVmSpawnExample.run(new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertThat(o.spawned().state()).isEqualTo(VmState.RUNNING);
        assertThat(o.spawned().host()).isEqualTo("sim-a");
        assertThat(o.existed()).isTrue();
        assertThat(o.leftover().holdsNoVmResources()).as("%s", o.leftover()).isTrue();
        String printed = buf.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("spawned web1: RUNNING").contains("holds no VM resources: true");
    }
}
