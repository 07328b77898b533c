package org.iaasengine.libvirt.driver;

import java.util.Objects;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;

/**
 * A failed driver call: the libvirt error code when there is one, the engine category, and a
 * message that names the call, the domain and the URI.
 *
 * <pre>{@code
 * try {
 *     driver.destroy("web1");
 * } catch (DriverException e) {
 *     if (e.error() == LibvirtError.NO_DOMAIN) { ... }
 * }
 * }</pre>
 */
public class DriverException extends CommandException {
    private static final long serialVersionUID = 1L;
    private final LibvirtError error;

    /** A failure classified by its libvirt error code. */
    public DriverException(LibvirtError error, String message, Throwable cause) {
        this(error, error.category(), message, cause);
    }

    /** A failure with an explicit category (a timeout, a process that could not start). */
    public DriverException(LibvirtError error, FailureCategory category, String message, Throwable cause) {
        super(category, message, cause);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The libvirt error code, UNKNOWN when the failure had none. */
    public LibvirtError error() {
        return error;
    }
}
