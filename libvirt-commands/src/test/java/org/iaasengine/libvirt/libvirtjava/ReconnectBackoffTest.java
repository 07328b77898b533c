package org.iaasengine.libvirt.libvirtjava;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.iaasengine.core.Retry;
import org.junit.jupiter.api.Test;

/**
 * The reconnect backoff (once the {@code Backoff} record, now a {@link Retry} run by the engine's
 * retry loop): the same waits, the same refusals.
 */
class ReconnectBackoffTest {

    @Test
    void delayDoublesFromInitialAndStopsAtMax() {
        Retry b = LibvirtJavaDriverBuilder.reconnectRetry(Duration.ofMillis(100), Duration.ofSeconds(5));
        assertThat(b.backoffDelay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.backoffDelay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(b.backoffDelay(6)).isEqualTo(Duration.ofMillis(3200));
        assertThat(b.backoffDelay(7)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.backoffDelay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.jitter()).isZero();
        assertThat(b.maxAttempts()).isEqualTo(Integer.MAX_VALUE);
        assertThat(b.maxDuration()).isEqualTo(Duration.ZERO);
    }

    @Test
    void nonsenseSettingsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> LibvirtJavaDriverBuilder.reconnectRetry(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> LibvirtJavaDriverBuilder.reconnectRetry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("PT1S");
        assertThatThrownBy(() -> LibvirtJavaDriver.builder("test:///default").reconnectBackoff(Duration.ZERO,
                Duration.ofSeconds(1))).hasMessageContaining("PT0S");
    }
}
