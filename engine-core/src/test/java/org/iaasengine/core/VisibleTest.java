package org.iaasengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisibleTest {
    @Test
    void bidirectionalControlsAreShownAsEscapesLikeControlCharacters() {
        // Shown raw, "h2-<RLO>exe.txt" reads as "h2-txt.exe" on a terminal.
        assertThat(Visible.of("h2-\u202Eexe.txt")).isEqualTo("h2-\\u202Eexe.txt");
        for (int cp : new int[] {0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
                0x2068, 0x2069}) {
            String shown = Visible.of("a" + Character.toString(cp) + "b");
            assertThat(shown).as("U+%04X", cp).isEqualTo(String.format("a\\u%04Xb", cp));
            assertThat(Visible.isBidiControl(cp)).isTrue();
        }
    }

    @Test
    void controlCharactersAndLoneSurrogatesAreEscapedAndEverythingElseIsKept() {
        assertThat(Visible.of("a\nb")).isEqualTo("a\\u000Ab");
        assertThat(Visible.of("\u001b[2J\u007f\u009b")).isEqualTo("\\u001B[2J\\u007F\\u009B");
        assertThat(Visible.of("x\uD800y")).isEqualTo("x\\uD800y");
        String plain = "ünï-名前 'q\" <&> $(id) \u200B\u202F\u2065\u206A 😀";
        assertThat(Visible.of(plain)).isSameAs(plain);
        assertThat(Visible.quoted("a\u2066b")).isEqualTo("'a\\u2066b'");
        assertThat(Visible.of(null)).isEqualTo("null");
    }
}
