package org.iaasengine.libvirt.actions;

import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Retry;

/**
 * The settings of the libvirt actions, as an immutable value made by a builder: grace periods,
 * deadlines, migration limits and the retry policies of steps and reverts.
 *
 * <pre>{@code
 * LibvirtSettings s = LibvirtSettings.builder().shutdownGrace(Duration.ofSeconds(30))
 *         .migrationTimeout(Duration.ofMinutes(5)).build();
 * LibvirtActions actions = new LibvirtActions(model, s);
 * }</pre>
 *
 * @param shutdownGrace          how long a guest may take to shut down after ACPI before it is destroyed
 * @param acpiResend             how often the ACPI power-button press is repeated while the guest runs
 * @param actionTimeout          the deadline of each action
 * @param migrationTimeout       how long one migration may take before it is aborted
 * @param migrationRedos         how many times a migration is redone when the VM still runs on the source
 * @param migrationBandwidthMiBs the bandwidth cap of live migrations in MiB/s; 0 for none
 * @param retry                  the retry policy of the idempotent steps that talk to libvirt
 * @param revertRetry            the retry policy of reverts
 */
public record LibvirtSettings(Duration shutdownGrace, Duration acpiResend, Duration actionTimeout,
        Duration migrationTimeout, int migrationRedos, long migrationBandwidthMiBs, Retry retry, Retry revertRetry) {

    public LibvirtSettings {
        InvalidInputException.check(shutdownGrace != null && !shutdownGrace.isNegative(),
                "shutdown grace must not be negative: %s", shutdownGrace);
        InvalidInputException.check(positive(acpiResend), "ACPI resend interval must be positive: %s", acpiResend);
        InvalidInputException.check(positive(actionTimeout), "action timeout must be positive: %s", actionTimeout);
        InvalidInputException.check(positive(migrationTimeout), "migration timeout must be positive: %s",
                migrationTimeout);
        InvalidInputException.check(migrationRedos >= 1, "migration redos must be at least 1, was %s", migrationRedos);
        InvalidInputException.check(migrationBandwidthMiBs >= 0, "migration bandwidth must not be negative: %s MiB/s",
                migrationBandwidthMiBs);
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(revertRetry, "revertRetry");
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    /** The defaults: see {@link Builder}. */
    public static LibvirtSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().shutdownGrace(shutdownGrace).acpiResend(acpiResend).actionTimeout(actionTimeout)
                .migrationTimeout(migrationTimeout).migrationRedos(migrationRedos)
                .migrationBandwidth(migrationBandwidthMiBs).retry(retry).revertRetry(revertRetry);
    }

    /** Builds {@link LibvirtSettings}; each setter names its default. Values are checked by {@link #build()}. */
    public static final class Builder {
        private Duration shutdownGrace = Duration.ofSeconds(60);
        private Duration acpiResend = Duration.ofSeconds(10);
        private Duration actionTimeout = Duration.ofMinutes(10);
        private Duration migrationTimeout = Duration.ofMinutes(10);
        private int migrationRedos = 2;
        private long migrationBandwidthMiBs;
        // Idempotent steps (reads, destroy, suspend, resume) ride over a short libvirtd restart: about
        // 3 s of waits in all (200, 400, 800, 1600 ms) before the action gives up.
        private Retry retry = Retry.builder().maxAttempts(5).backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                .build();
        /*
         * Reverts are what keeps a failed action from leaking a domain or a disk: when libvirtd is
         * restarting (connection lost, TRANSIENT) they wait for it, for up to two minutes, rather than
         * give up at once. Every revert is idempotent ("already gone" counts as done), so a retry after
         * a lost reply is safe.
         */
        private Retry revertRetry = Retry.builder().maxAttempts(40)
                .backoff(Duration.ofMillis(200), Duration.ofSeconds(5)).maxDuration(Duration.ofMinutes(2)).build();

        private Builder() {
        }

        /** How long a guest may take to shut down after ACPI before it is destroyed (default 60 s). */
        public Builder shutdownGrace(Duration grace) {
            this.shutdownGrace = grace;
            return this;
        }

        /** How often the ACPI power-button press is repeated while the guest still runs (default 10 s). */
        public Builder acpiResend(Duration interval) {
            this.acpiResend = interval;
            return this;
        }

        /** The deadline of each action (default 10 min). */
        public Builder actionTimeout(Duration timeout) {
            this.actionTimeout = timeout;
            return this;
        }

        /** How long one migration may take before it is aborted (default 10 min). */
        public Builder migrationTimeout(Duration timeout) {
            this.migrationTimeout = timeout;
            return this;
        }

        /** How many times a migration is redone when the VM still runs on the source (default 2). */
        public Builder migrationRedos(int redos) {
            this.migrationRedos = redos;
            return this;
        }

        /** The bandwidth cap of live migrations in MiB/s ({@code virsh migrate --bandwidth}); 0, the default, for none. */
        public Builder migrationBandwidth(long mibPerSecond) {
            this.migrationBandwidthMiBs = mibPerSecond;
            return this;
        }

        /**
         * The retry policy of the idempotent steps that talk to libvirt (default: 5 attempts on
         * TRANSIENT, backoff 200 ms doubling to 2 s: about 3 s, enough for a libvirtd restart).
         */
        public Builder retry(Retry policy) {
            this.retry = policy;
            return this;
        }

        /**
         * The retry policy of reverts (default: on TRANSIENT, backoff from 200 ms to 5 s, for up to two
         * minutes, so that a libvirtd restart in the middle of an action does not leave anything behind).
         */
        public Builder revertRetry(Retry policy) {
            this.revertRetry = policy;
            return this;
        }

        /** The settings, or {@link IllegalArgumentException} naming the bad value. */
        public LibvirtSettings build() {
            return new LibvirtSettings(shutdownGrace, acpiResend, actionTimeout, migrationTimeout, migrationRedos,
                    migrationBandwidthMiBs, retry, revertRetry);
        }
    }
}
