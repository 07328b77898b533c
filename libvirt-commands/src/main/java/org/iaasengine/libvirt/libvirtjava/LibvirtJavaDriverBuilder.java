package org.iaasengine.libvirt.libvirtjava;

import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Retry;
import org.iaasengine.core.spi.TaskScheduler;

/**
 * Settings of a {@link LibvirtJavaDriver}.
 *
 * <pre>{@code
 * LibvirtJavaDriver d = LibvirtJavaDriver.builder(uri)
 *         .callTimeout(Duration.ofSeconds(10))
 *         .keepAlive(5, 3)
 *         .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
 *         .open();
 * }</pre>
 */
public final class LibvirtJavaDriverBuilder {
    final String uri;
    Duration callTimeout = Duration.ofSeconds(30);
    int keepAliveInterval = 5;
    int keepAliveCount = 3;
    Retry reconnect = reconnectRetry(Duration.ofMillis(100), Duration.ofSeconds(5));
    int maxConcurrentCalls = 8;
    TaskScheduler scheduler;

    LibvirtJavaDriverBuilder(String uri) {
        Objects.requireNonNull(uri, "uri");
        InvalidInputException.check(!uri.isBlank(), "uri must not be blank");
        this.uri = uri;
    }

    /** The longest a caller waits for one call (default 30 s). */
    public LibvirtJavaDriverBuilder callTimeout(Duration timeout) {
        InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                "call timeout must be positive: %s", timeout);
        this.callTimeout = timeout;
        return this;
    }

    /**
     * Keepalive: a probe after {@code intervalSeconds} of silence, the connection declared dead
     * after {@code count} unanswered probes (default 5 s, 3).
     */
    public LibvirtJavaDriverBuilder keepAlive(int intervalSeconds, int count) {
        InvalidInputException.check(intervalSeconds > 0, "keepalive interval must be positive: %s",
                intervalSeconds);
        InvalidInputException.check(count >= 0, "keepalive count must not be negative: %s", count);
        this.keepAliveInterval = intervalSeconds;
        this.keepAliveCount = count;
        return this;
    }

    /** Waits between reconnect attempts (default 100 ms doubling to 5 s). */
    public LibvirtJavaDriverBuilder reconnectBackoff(Duration initial, Duration max) {
        this.reconnect = reconnectRetry(initial, max);
        return this;
    }

    /** Worker threads for calls (default 8); calls beyond them queue. */
    public LibvirtJavaDriverBuilder maxConcurrentCalls(int n) {
        InvalidInputException.check(n > 0, "max concurrent calls must be positive: %s", n);
        this.maxConcurrentCalls = n;
        return this;
    }

    /** Where reconnect waits are scheduled (default: a timer thread of the driver's own). */
    public LibvirtJavaDriverBuilder scheduler(TaskScheduler scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Opens the driver: connects now, and fails (classified) if the host cannot be reached. */
    public LibvirtJavaDriver open() {
        return new LibvirtJavaDriver(this, SupervisedConnect::new);
    }

    /** Opens with another connector: for tests of the supervision. */
    LibvirtJavaDriver open(ConnectionSupervisor.Connector connector) {
        return new LibvirtJavaDriver(this, connector);
    }

    /**
     * The reconnect policy: {@code initial} doubling up to {@code max}, no jitter, no end (the loop
     * stops when the driver closes); attempts go on until the driver is closed (a host whose daemon
     * is down for an hour is retried every {@code max}). Both must be positive and {@code max} not
     * below {@code initial}.
     */
    static Retry reconnectRetry(Duration initial, Duration max) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        InvalidInputException.check(!initial.isNegative() && !initial.isZero(), "initial backoff must be positive: %s",
                initial);
        InvalidInputException.check(max.compareTo(initial) >= 0, "max backoff %s must not be below initial %s", max,
                initial);
        return Retry.builder().maxAttempts(Integer.MAX_VALUE).backoff(initial, max).jitter(0).build();
    }
}
