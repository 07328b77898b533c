package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Memory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The native layouts, written by hand the way libvirt lays them out on LP64. */
class TypedParametersTest {

    private static void field(Memory m, long offset, String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        m.write(offset, b, 0, b.length);
        m.setByte(offset + b.length, (byte) 0);
    }

    @Test
    void typedParametersOfEveryTypeAreReadAsText() {
        Memory m = new Memory(5L * TypedParameters.TYPED_PARAM_SIZE);
        m.clear();
        Memory name = new Memory(16);
        name.setString(0, "vnet0", StandardCharsets.UTF_8.name());
        field(m, 0, "state.state");
        m.setInt(80, 1);
        m.setInt(88, 3);
        field(m, 96, "balloon.maximum");
        m.setInt(96 + 80, 4);
        m.setLong(96 + 88, -1L);
        field(m, 192, "net.0.name");
        m.setInt(192 + 80, 7);
        m.setPointer(192 + 88, name);
        field(m, 288, "x.flag");
        m.setInt(288 + 80, 6);
        m.setByte(288 + 88, (byte) 1);
        field(m, 384, "x.ratio");
        m.setInt(384 + 80, 5);
        m.setDouble(384 + 88, 0.5);
        assertThat(TypedParameters.read(m, 5)).containsExactly(
                org.assertj.core.api.Assertions.entry("state.state", "3"),
                org.assertj.core.api.Assertions.entry("balloon.maximum", "18446744073709551615"),
                org.assertj.core.api.Assertions.entry("net.0.name", "vnet0"),
                org.assertj.core.api.Assertions.entry("x.flag", "yes"),
                org.assertj.core.api.Assertions.entry("x.ratio", "0.5"));
    }

    @Test
    void nodeStatsAreFieldValuePairs() {
        Memory m = new Memory(2L * TypedParameters.NODE_STATS_SIZE);
        m.clear();
        field(m, 0, "kernel");
        m.setLong(80, 42);
        field(m, 88, "idle");
        m.setLong(88 + 80, 7);
        assertThat(TypedParameters.readNodeStats(m, 2)).containsEntry("kernel", 42L).containsEntry("idle", 7L);
    }
}
