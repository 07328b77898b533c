package org.iaasengine.core;

import com.google.common.base.MoreObjects;
import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableSet;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable retry policy: how many attempts, exponential backoff with jitter, a cap on the total
 * time (counted from the start of the first attempt), and which {@link FailureCategory failure
 * categories} are worth retrying. The engine runs the first attempt directly, so work that
 * succeeds at once costs no more with a retry policy than without; waits between attempts are
 * scheduled, never slept on a worker thread.
 *
 * <pre>{@code
 * Retry retry = Retry.builder()
 *         .maxAttempts(5)
 *         .backoff(Duration.ofMillis(100), Duration.ofSeconds(5))
 *         .jitter(0.2)
 *         .maxDuration(Duration.ofMinutes(1))
 *         .retryOn(FailureCategory.TRANSIENT)
 *         .build();
 * }</pre>
 */
public final class Retry {
    private static final Retry NONE = new Builder().maxAttempts(1).build();

    private final int maxAttempts;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final double multiplier;
    private final double jitter;
    private final Duration maxDuration;
    private final ImmutableSet<FailureCategory> retryOn;

    private Retry(Builder b) {
        this.maxAttempts = b.maxAttempts;
        this.initialDelay = b.initialDelay;
        this.maxDelay = b.maxDelay;
        this.multiplier = b.multiplier;
        this.jitter = b.jitter;
        this.maxDuration = b.maxDuration;
        this.retryOn = ImmutableSet.copyOf(b.retryOn);
    }

    /** One attempt, no retry. */
    public static Retry none() {
        return NONE;
    }

    /** A builder; defaults: 3 attempts, backoff 100 ms doubling up to 5 s, jitter 0.2, retry on TRANSIENT. */
    public static Builder builder() {
        return new Builder();
    }

    /** The total number of attempts, the first included (1 means no retry). */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** The wait before the first retry. */
    public Duration initialDelay() {
        return initialDelay;
    }

    /** The largest wait between two attempts. */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** The factor by which the wait grows after each attempt. */
    public double multiplier() {
        return multiplier;
    }

    /** The random spread applied to each wait, as a fraction of it (0 to 1). */
    public double jitter() {
        return jitter;
    }

    /** The cap on the time spent over all attempts, or {@link Duration#ZERO} for none. */
    public Duration maxDuration() {
        return maxDuration;
    }

    /** The categories worth another attempt. */
    public Set<FailureCategory> retryOn() {
        return retryOn;
    }

    /** True when this policy allows more than one attempt. */
    public boolean retries() {
        return maxAttempts > 1;
    }

    /** True when a failure of this category may be retried. */
    public boolean isRetryable(FailureCategory category) {
        return retryOn.contains(category);
    }

    /**
     * The wait before retry number {@code retryNo} (1: the wait after the first attempt), before
     * jitter and before any cut to the max duration: the initial delay, times the multiplier for
     * each retry before it, never more than the max delay. The engine's retry loop waits these,
     * spread by the jitter.
     *
     * <pre>{@code
     * Retry r = Retry.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(5)).build();
     * r.backoffDelay(1); // 100 ms
     * r.backoffDelay(4); // 800 ms
     * r.backoffDelay(9); // 5 s
     * }</pre>
     */
    public Duration backoffDelay(int retryNo) {
        Preconditions.checkArgument(retryNo >= 1, "retry number must be at least 1, was %s", retryNo);
        long max = maxDelay.toNanos();
        long delay = initialDelay.toNanos();
        for (int i = 1; i < retryNo && delay < max; i++) {
            delay = (long) Math.min(delay * multiplier, max);
        }
        return Duration.ofNanos(Math.min(delay, max));
    }

    /** A builder that starts from this policy's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxAttempts = maxAttempts;
        b.initialDelay = initialDelay;
        b.maxDelay = maxDelay;
        b.multiplier = multiplier;
        b.jitter = jitter;
        b.maxDuration = maxDuration;
        b.retryOn = EnumSet.copyOf(retryOn.isEmpty() ? EnumSet.noneOf(FailureCategory.class) : retryOn);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Retry r
                && maxAttempts == r.maxAttempts
                && initialDelay.equals(r.initialDelay)
                && maxDelay.equals(r.maxDelay)
                && Double.compare(multiplier, r.multiplier) == 0
                && Double.compare(jitter, r.jitter) == 0
                && maxDuration.equals(r.maxDuration)
                && retryOn.equals(r.retryOn);
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxAttempts, initialDelay, maxDelay, multiplier, jitter, maxDuration, retryOn);
    }

    @Override
    public String toString() {
        return MoreObjects.toStringHelper(this)
                .add("maxAttempts", maxAttempts)
                .add("initialDelay", initialDelay)
                .add("maxDelay", maxDelay)
                .add("multiplier", multiplier)
                .add("jitter", jitter)
                .add("maxDuration", maxDuration)
                .add("retryOn", retryOn)
                .toString();
    }

    /** Builds a {@link Retry}; every setter checks its argument and names the bad value. */
    public static final class Builder {
        private int maxAttempts = 3;
        private Duration initialDelay = Duration.ofMillis(100);
        private Duration maxDelay = Duration.ofSeconds(5);
        private double multiplier = 2.0;
        private double jitter = 0.2;
        private Duration maxDuration = Duration.ZERO;
        private EnumSet<FailureCategory> retryOn = EnumSet.of(FailureCategory.TRANSIENT);

        private Builder() {
        }

        /** Total attempts including the first; at least 1. */
        public Builder maxAttempts(int attempts) {
            Preconditions.checkArgument(attempts >= 1, "maxAttempts must be at least 1, was %s", attempts);
            this.maxAttempts = attempts;
            return this;
        }

        /** Exponential backoff from {@code initial} doubling up to {@code max}. */
        public Builder backoff(Duration initial, Duration max) {
            return backoff(initial, max, 2.0);
        }

        /** Exponential backoff from {@code initial}, growing by {@code factor}, up to {@code max}. */
        public Builder backoff(Duration initial, Duration max, double factor) {
            Objects.requireNonNull(initial, "initial");
            Objects.requireNonNull(max, "max");
            Preconditions.checkArgument(!initial.isNegative(), "initial delay must not be negative, was %s", initial);
            Preconditions.checkArgument(max.compareTo(initial) >= 0,
                    "max delay %s must not be less than the initial delay %s", max, initial);
            Preconditions.checkArgument(factor >= 1.0, "backoff factor must be at least 1, was %s", factor);
            this.initialDelay = initial;
            this.maxDelay = max;
            this.multiplier = factor;
            return this;
        }

        /** A fixed wait between attempts. */
        public Builder fixedDelay(Duration delay) {
            return backoff(delay, delay, 1.0);
        }

        /** Random spread of each wait, a fraction between 0 and 1. */
        public Builder jitter(double fraction) {
            Preconditions.checkArgument(fraction >= 0.0 && fraction <= 1.0,
                    "jitter must be between 0 and 1, was %s", fraction);
            this.jitter = fraction;
            return this;
        }

        /** Cap on the total time over all attempts; {@link Duration#ZERO} for none. */
        public Builder maxDuration(Duration max) {
            Objects.requireNonNull(max, "maxDuration");
            Preconditions.checkArgument(!max.isNegative(), "maxDuration must not be negative, was %s", max);
            this.maxDuration = max;
            return this;
        }

        /** The categories to retry (replaces the default TRANSIENT). */
        public Builder retryOn(FailureCategory... categories) {
            Preconditions.checkArgument(categories.length > 0, "retryOn needs at least one category");
            this.retryOn = EnumSet.copyOf(Arrays.asList(categories));
            return this;
        }

        /** Builds the policy; checks that a cap on the total time leaves room for a retry. */
        public Retry build() {
            if (!maxDuration.isZero() && maxAttempts > 1) {
                Preconditions.checkArgument(maxDuration.compareTo(initialDelay) > 0,
                        "maxDuration %s must be greater than the initial delay %s", maxDuration, initialDelay);
            }
            return new Retry(this);
        }
    }
}
