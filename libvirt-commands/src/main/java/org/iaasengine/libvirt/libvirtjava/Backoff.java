package org.iaasengine.libvirt.libvirtjava;

import org.iaasengine.core.InvalidInputException;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounded exponential backoff between reconnect attempts: {@code initial}, doubled after every
 * failed attempt, never more than {@code max}. Attempts go on until the driver is closed: a host
 * whose daemon is down for an hour is retried every {@code max} for that hour.
 *
 * <pre>{@code
 * Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
 * b.delay(1); // 100 ms
 * b.delay(4); // 800 ms
 * b.delay(9); // 5 s
 * }</pre>
 *
 * @param initial the wait before the first attempt
 * @param max     the longest wait
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        InvalidInputException.check(!initial.isNegative() && !initial.isZero(), "initial backoff must be positive: %s",
                initial);
        InvalidInputException.check(max.compareTo(initial) >= 0, "max backoff %s must not be below initial %s", max,
                initial);
    }

    /** The wait before attempt number {@code attempt} (1 for the first). */
    public Duration delay(int attempt) {
        InvalidInputException.check(attempt >= 1, "attempt must be at least 1: %s", attempt);
        Duration d = initial;
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
