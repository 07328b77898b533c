package org.iaasengine.libvirt.virsh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VirshNamesTest {

    @Test
    void hostileButUnambiguousNamesPassAsOneUntouchedArgument() {
        for (String name : new String[] {"a b", "q'\"", ";$(id)", "<&>", "-leading-dash", "tab\tx", "in  side",
            "`x`", "a\\b", "%s", "é日本"}) {
            assertThat(VirshNames.passesAsIs(name, StandardCharsets.UTF_8)).as(name).isTrue();
        }
    }

    @Test
    void namesVirshWouldTakeForAnIdOrUuidAreResolvedFirst() {
        for (String name : new String[] {"42", "0", " 7", "-1", "+3", "03377d9f-6cb4-40ad-98e0-04cbde4e4a10",
            "03377d9f6cb440ad98e004cbde4e4a10", "03377D9F-6CB4-40AD-98E0-04CBDE4E4A10 "}) {
            assertThat(VirshNames.passesAsIs(name, StandardCharsets.UTF_8)).as(name).isFalse();
        }
        assertThat(VirshNames.passesAsIs("42a", StandardCharsets.UTF_8)).isTrue();
        assertThat(VirshNames.passesAsIs("03377d9f-6cb4-40ad-98e0", StandardCharsets.UTF_8)).isTrue();
    }

    @Test
    void namesWithLeadingOrTrailingWhitespaceAreResolvedFirstBecauseCommonsExecTrimsArguments() {
        for (String name : new String[] {" lead", "trail ", "tab\t", "\tx"}) {
            assertThat(VirshNames.passesAsIs(name, StandardCharsets.UTF_8)).as(name).isFalse();
        }
    }

    @Test
    void namesTheJvmCannotEncodeAsArgumentsAreResolvedFirst() {
        assertThat(VirshNames.passesAsIs("é日本", StandardCharsets.US_ASCII)).isFalse();
        assertThat(VirshNames.passesAsIs("plain", StandardCharsets.US_ASCII)).isTrue();
    }
}
