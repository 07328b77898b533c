package org.iaasengine.libvirt.libvirtjava;

import java.time.Duration;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtError;

/**
 * Turns libvirt failures into {@link DriverException}s classified by the error's number (never by
 * its text), with a message that names the call, the domain and the URI.
 *
 * <pre>{@code
 * throw Errors.failed(Call.of("suspend", "web1"), "qemu:///system", nativeError, false);
 * }</pre>
 */
final class Errors {

    private Errors() {
    }

    /** Names one driver call for messages: the operation and the domain (null for host calls). */
    record Call(String operation, String domain) {
        static Call of(String operation, String domain) {
            return new Call(operation, domain);
        }

        static Call host(String operation) {
            return new Call(operation, null);
        }

        String describe(String uri) {
            return domain == null ? operation + " on " + uri : operation + " of domain '" + domain + "' on " + uri;
        }
    }

    /**
     * A failed call. {@code connectionLost}: the connection was found dead after the failure, so
     * the failure is TRANSIENT whatever its number (libvirt reports a closed socket as
     * INTERNAL_ERROR).
     */
    static DriverException failed(Call call, String uri, NativeError e, boolean connectionLost) {
        LibvirtError error = LibvirtError.ofCode(e.code());
        String text = call.describe(uri) + " failed: " + e.getMessage() + " (libvirt error " + e.code() + ")";
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        if (connectionLost) {
            return new DriverException(error, FailureCategory.TRANSIENT, text + "; the connection was lost and is "
                    + "being re-established", cause);
        }
        return new DriverException(error, text, cause);
    }

    /** A call made while the connection is down: fails at once, TRANSIENT. */
    static DriverException down(Call call, String uri, Throwable lastFailure) {
        return new DriverException(LibvirtError.NO_CONNECT, FailureCategory.TRANSIENT,
                call.describe(uri) + " failed: no connection to " + uri + " (reconnecting)", lastFailure);
    }

    /** A call that did not answer in time. */
    static DriverException timedOut(Call call, String uri, Duration timeout, Throwable cause) {
        return new DriverException(LibvirtError.UNKNOWN, FailureCategory.TIMEOUT,
                call.describe(uri) + " did not finish within " + timeout, cause);
    }

    /** The caller's thread was interrupted while waiting. */
    static DriverException interrupted(Call call, String uri, InterruptedException cause) {
        return new DriverException(LibvirtError.UNKNOWN, FailureCategory.CANCELLED,
                call.describe(uri) + " was interrupted while waiting for libvirt", cause);
    }

    /** The driver was closed. */
    static DriverException closed(Call call, String uri) {
        return new DriverException(LibvirtError.INVALID_CONN, FailureCategory.INVALID_INPUT,
                call.describe(uri) + " failed: the driver is closed", null);
    }

    /** Too many calls queued (a hung daemon): TRANSIENT. */
    static DriverException saturated(Call call, String uri, Throwable cause) {
        return new DriverException(LibvirtError.UNKNOWN, FailureCategory.TRANSIENT,
                call.describe(uri) + " was refused: too many libvirt calls in flight", cause);
    }

    /** A failure outside libvirt (a bug, unparsable data). */
    static DriverException internal(Call call, String uri, Throwable cause) {
        return new DriverException(LibvirtError.UNKNOWN, FailureCategory.INTERNAL,
                call.describe(uri) + " failed: " + cause, cause);
    }
}
