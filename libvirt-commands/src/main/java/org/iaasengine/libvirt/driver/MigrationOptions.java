package org.iaasengine.libvirt.driver;

import org.iaasengine.core.InvalidInputException;

import java.time.Duration;
import java.util.Objects;

/**
 * How to migrate a domain.
 *
 * @param live           keep the guest running during the move
 * @param persistent     define the domain on the destination ({@code --persistent})
 * @param undefineSource undefine it on the source afterwards ({@code --undefinesource})
 * @param unsafe         allow migrating disks on storage libvirt does not know as shared
 *                       ({@code --unsafe}, {@code VIR_MIGRATE_UNSAFE}); for hosts that see the
 *                       same files
 * @param bandwidthMiBs  a bandwidth cap in MiB/s, 0 for none
 * @param timeout        how long the migration may take before the driver aborts it
 */
public record MigrationOptions(boolean live, boolean persistent, boolean undefineSource, boolean unsafe,
        long bandwidthMiBs,
        Duration timeout) {
    public MigrationOptions {
        Objects.requireNonNull(timeout, "timeout");
        InvalidInputException.check(bandwidthMiBs >= 0, "bandwidth must not be negative: %s", bandwidthMiBs);
        InvalidInputException.check(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive: %s",
                timeout);
    }

    /** A live migration of a transient domain, aborted after {@code timeout}. */
    public static MigrationOptions live(Duration timeout) {
        return new MigrationOptions(true, false, false, false, 0, timeout);
    }
}
