package org.iaasengine.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's demo, in process on libvirt's test driver. */
class DemoTest {
    @Test
    void theDemoPrintsTheModelAfterEveryStepAndTheEventsAsTheyHappen() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int code = Demo.commandLine(new Demo(out)).execute();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(code).as(text).isZero();
        assertThat(text).contains("== create", "== suspend", "== resume", "== shut down", "== start", "== reboot",
                "== delete");
        assertThat(text.split("\nmodel version ", -1)).as("a table after each of the 8 steps").hasSize(9);
        assertThat(text).contains("action create on vm:iaas-ex-demo-1 succeeded")
                .contains("vm iaas-ex-demo-1 RUNNING -> SUSPENDING")
                .contains("vm iaas-ex-demo-2 STOPPING -> SHUTOFF")
                .contains("vm iaas-ex-demo-3 removed")
                .containsPattern("iaas-ex-demo-1 +host-1 +PAUSED")
                .endsWith("demo finished: every step succeeded\n");
    }

    @Test
    void badArgumentsAreAUsageError() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertThat(Demo.commandLine(new Demo(out)).execute("--vms", "0")).isEqualTo(2);
        assertThat(Demo.commandLine(new Demo(out)).execute("--prefix", "")).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("--vms must be between 1 and 20, was 0");
    }
}
