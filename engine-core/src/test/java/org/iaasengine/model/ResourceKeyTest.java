package org.iaasengine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResourceKeyTest {

    @Test
    void aKeyIsWrittenAsKindColonNameAndReadBack() {
        assertThat(ResourceKey.vm("web1")).hasToString("vm:web1");
        assertThat(ResourceKey.host("host-a")).hasToString("host:host-a");
        assertThat(ResourceKey.parse("vm:web:1")).isEqualTo(ResourceKey.vm("web:1"));
        assertThat(ResourceKey.parse("host:host-a")).isEqualTo(ResourceKey.host("host-a"));
    }

    @Test
    void aKeyWithoutKnownKindOrNameIsRefused() {
        assertThatThrownBy(() -> ResourceKey.parse("disk:a")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource key 'disk:a' has an unknown kind 'disk' (known: vm, host, volume)");
        assertThatThrownBy(() -> ResourceKey.parse("web1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("resource key 'web1' is not KIND:NAME");
        assertThatThrownBy(() -> ResourceKey.vm("")).isInstanceOf(IllegalArgumentException.class);
    }
}
