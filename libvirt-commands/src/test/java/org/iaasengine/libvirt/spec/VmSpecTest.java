package org.iaasengine.libvirt.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The checks at the door of every VM action: names, MACs and IP addresses. */
class VmSpecTest {
    private static VmSpec spec(String name, String mac, String ip) {
        return new VmSpec(name, UUID.randomUUID(), null, 64, 1, mac, "user", ip, Lifecycle.PERSISTENT, null, null,
                null, null);
    }

    @Test
    void dotAndDotDotAreRefusedNamingThemButOtherDottedNamesAreTaken() {
        // libvirt takes them and uses them as path components: undefining ".." removes its own
        // state directories (/var/lib/libvirt/qemu/snapshot/..).
        for (String name : List.of(".", "..")) {
            assertThatThrownBy(() -> VmSpec.checkName(name)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("vm name '" + name + "' is refused");
            assertThatThrownBy(() -> spec(name, "52:54:00:00:00:01", null))
                    .hasMessageContaining("'" + name + "'");
        }
        // Only a whole path component "." or ".." is special: these are ordinary file names.
        for (String name : List.of("...", "....", ".web", "web.", "a..b", "..a", "a..", ". x")) {
            assertThat(VmSpec.checkName(name)).isEqualTo(name);
        }
    }

    @Test
    void bidirectionalControlsAreRefusedAndShownAsEscapes() {
        assertThatThrownBy(() -> VmSpec.checkName("h2-\u202Eexe.txt")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("vm name 'h2-\\u202Eexe.txt' contains the bidirectional control U+202E, which makes a "
                        + "name look like another");
        for (int cp : new int[] {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
                0x2068, 0x2069}) {
            String name = "web" + Character.toString(cp) + "1";
            String shown = String.format("'web\\u%04X1'", cp);
            assertThatThrownBy(() -> VmSpec.checkName(name)).as("U+%04X", cp).hasMessageContaining(shown)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(Character.toString(cp)));
        }
        // Other refusals show them escaped too: the '/' one comes first here.
        assertThatThrownBy(() -> VmSpec.checkName("a/\u2067b")).hasMessageContaining("'a/\\u2067b'")
                .hasMessageContaining("'/'");
        // Format characters that do not reorder text are still taken (zero width space, Arabic letters).
        assertThat(VmSpec.checkName("web\u200B1")).isEqualTo("web\u200B1");
        assertThat(VmSpec.checkName("خادم-1")).isEqualTo("خادم-1");
    }

    @Test
    void theAllZeroMacIsRefusedAndMulticastAndBroadcastStillAre() {
        assertThatThrownBy(() -> VmSpec.normalizeMac("00:00:00:00:00:00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'00:00:00:00:00:00'").hasMessageContaining("all-zero");
        assertThatThrownBy(() -> spec("vm", "00:00:00:00:00:00", null)).hasMessageContaining("'00:00:00:00:00:00'");
        assertThatThrownBy(() -> VmSpec.normalizeMac("FF:FF:FF:FF:FF:FF")).hasMessageContaining("'FF:FF:FF:FF:FF:FF'")
                .hasMessageContaining("multicast");
        assertThatThrownBy(() -> VmSpec.normalizeMac("01:00:5e:00:00:01")).hasMessageContaining("multicast");
        assertThat(VmSpec.normalizeMac("52:54:00:AB:00:00")).isEqualTo("52:54:00:ab:00:00");
        assertThat(VmSpec.normalizeMac("00:00:00:00:00:01")).isEqualTo("00:00:00:00:00:01");
    }

    @Test
    void ipv6WithAnEmbeddedDottedQuadIsTaken() {
        for (String ip : List.of("::ffff:1.2.3.4", "::FFFF:10.0.0.1", "::1.2.3.4", "64:ff9b::192.0.2.33",
                "1:2:3:4:5:6:1.2.3.4", "10.0.0.1", "0.0.0.0", "::", "::1", "fe80::1", "2001:db8::8a2e:370:7334",
                "2001:0db8:0000:0000:0000:0000:0000:0001")) {
            assertThat(spec("vm", "52:54:00:00:00:01", ip).ip()).as(ip).isEqualTo(ip);
        }
    }

    @Test
    void invalidAddressesAreStillRefusedNamingThem() {
        for (String ip : List.of("1.2.3", "1.2.3.4.5", "256.1.1.1", "010.0.0.1", "::ffff:1.2.3", "::ffff:256.1.2.3",
                "::ffff:01.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "fe80::1%1", "fe80::1%", "1:2:3", ":::",
                "1::2::3", "12345::1", "\u0664.1.1.1", "::\u0664", "localhost", "example.com", " 10.0.0.1",
                "10.0.0.1 ", "10.0.0.1/24", "[::1]", "")) {
            assertThatThrownBy(() -> spec("vm", "52:54:00:00:00:01", ip)).as(ip)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ip '" + ip + "'");
        }
    }
}
