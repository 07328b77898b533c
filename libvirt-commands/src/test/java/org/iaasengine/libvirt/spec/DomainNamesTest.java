package org.iaasengine.libvirt.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one name validator: libvirt's rule, and the library's stricter rule built on it. */
class DomainNamesTest {

    @Test
    void namesLibvirtTakesButTheLibraryRefusesForItsVms() {
        for (String name : List.of("  lead and trail  ", "tab\there", ".", "..", "h2-\u202Eexe.txt")) {
            assertThat(DomainNames.checkLibvirt(name)).as(name).isEqualTo(name);
            assertThatThrownBy(() -> DomainNames.check(name)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("vm name");
        }
    }

    @Test
    void whatLibvirtRefusesBothRulesRefuseEachInItsOwnWords() {
        for (String name : List.of("a/b", "a\nb", "a\u0001b", "n".repeat(248), "")) {
            assertThatThrownBy(() -> DomainNames.checkLibvirt(name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("domain name");
            assertThatThrownBy(() -> DomainNames.check(name)).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("vm name");
        }
    }

    @Test
    void theLimitIs247BytesOfUtf8NotCharacters() {
        assertThat(DomainNames.check("n".repeat(DomainNames.MAX_UTF8_BYTES))).hasSize(247);
        assertThat(DomainNames.checkLibvirt("é".repeat(123))).hasSize(123);
        assertThatThrownBy(() -> DomainNames.check("é".repeat(124))).hasMessageContaining("248 bytes");
        assertThatThrownBy(() -> DomainNames.checkLibvirt("é".repeat(124))).hasMessageContaining("248 bytes");
    }

    @Test
    void theOtherDoorsAskTheSameValidator() {
        assertThatThrownBy(() -> VmSpec.checkName("..")).hasMessageContaining("vm name '..' is refused");
        assertThat(VmSpec.checkName("web\u200B1")).isEqualTo("web\u200B1");
        assertThat(DomainNames.check("web\u200B1")).isEqualTo("web\u200B1");
    }
}
