package org.iaasengine.libvirt.driver;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The port's rule for reads of what may not be there, in one place for every driver: a domain
 * that does not exist ({@link LibvirtError#NO_DOMAIN}) is an empty answer to
 * {@link LibvirtDriver#lookup}, and a domain that does not exist or is not running
 * ({@link LibvirtError#OPERATION_INVALID}) has no job for {@link LibvirtDriver#jobProgress}. Any
 * other failure is thrown.
 *
 * <pre>{@code
 * return Absence.emptyIfNoDomain(() -> readSummary(name));
 * }</pre>
 */
public final class Absence {
    private static final Set<LibvirtError> NO_JOB = Set.of(LibvirtError.NO_DOMAIN, LibvirtError.OPERATION_INVALID);

    private Absence() {
    }

    /** What {@code read} returns, or empty when the domain does not exist. */
    public static <T> Optional<T> emptyIfNoDomain(Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (DriverException e) {
            if (e.error() == LibvirtError.NO_DOMAIN) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** What {@code read} returns, or empty when the domain does not exist or does not run (no job can). */
    public static <T> Optional<T> emptyIfNoJob(Supplier<Optional<T>> read) {
        try {
            return read.get();
        } catch (DriverException e) {
            if (NO_JOB.contains(e.error())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
