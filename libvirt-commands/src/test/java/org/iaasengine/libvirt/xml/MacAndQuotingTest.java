package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The domain XML builder's own door: the all-zero MAC, and values shown escaped in its messages. */
class MacAndQuotingTest {
    @Test
    void theAllZeroMacIsRefusedByTheBuilderToo() {
        assertThatThrownBy(() -> DomainXml.builder("m").memoryMiB(64).userInterface("00:00:00:00:00:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'00:00:00:00:00:00'")
                .hasMessageContaining("all zero");
        assertThat(DomainXml.builder("m").memoryMiB(64).userInterface("00:00:00:00:00:01").build().macs())
                .containsExactly("00:00:00:00:00:01");
    }

    @Test
    void bidiControlsAndC1CharactersInARefusedValueAreShownAsEscapes() {
        assertThatThrownBy(() -> DomainXml.builder("a/\u202Eb\u009B"))
                .hasMessageContaining("'a/\\u202Eb\\u009B'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u202E").doesNotContain("\u009B"));
    }
}
