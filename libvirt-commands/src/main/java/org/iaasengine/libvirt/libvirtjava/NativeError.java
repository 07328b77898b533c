package org.iaasengine.libvirt.libvirtjava;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import org.libvirt.Error;
import org.libvirt.LibvirtException;

/**
 * A libvirt error as numbers and text, whichever binding raised it: libvirt-java's
 * {@link LibvirtException} or a direct {@link VirtNative} call that returned failure. Classified
 * into a {@code DriverException} by {@link Errors}.
 *
 * <pre>{@code
 * if (VirtNative.LIB.virDomainShutdownFlags(dom, flags) < 0) {
 *     throw NativeError.last("virDomainShutdownFlags");
 * }
 * }</pre>
 */
final class NativeError extends Exception {
    private static final long serialVersionUID = 1L;
    /** {@code virErrorNumber} for "no error recorded". */
    static final int NO_CODE = -1;

    private final int code;
    private final int errorDomain;

    NativeError(int code, int errorDomain, String message, Throwable cause) {
        super(message == null ? "libvirt reported no message" : message, cause);
        this.code = code;
        this.errorDomain = errorDomain;
    }

    /** The {@code virErrorNumber}, {@link #NO_CODE} when libvirt recorded none. */
    int code() {
        return code;
    }

    /** The {@code virErrorDomain} (which part of libvirt raised it), -1 when unknown. */
    int errorDomain() {
        return errorDomain;
    }

    /**
     * The calling thread's last libvirt error (it is thread-local: call this on the thread that
     * made the failed call, right after it).
     */
    static NativeError last(String function) {
        Pointer err = VirtNative.LIB.virGetLastError();
        if (err == null) {
            return new NativeError(NO_CODE, -1, function + " failed without a libvirt error", null);
        }
        int code = err.getInt(0);
        int domain = err.getInt(4);
        Pointer msg = err.getPointer(8);
        String text = msg == null ? function + " failed" : msg.getString(0, StandardCharsets.UTF_8.name());
        return new NativeError(code, domain, text, null);
    }

    /** The same facts out of libvirt-java's exception (kept as the cause). */
    static NativeError of(LibvirtException e) {
        Error error = e.getError();
        if (error == null) {
            return new NativeError(NO_CODE, -1, e.getMessage(), e);
        }
        Error.ErrorNumber number = error.getCode();
        // libvirt-java maps the number to its enum by position and clamps unknown numbers to
        // VIR_ERR_UNKNOWN, the last constant: the position is the virErrorNumber otherwise.
        int code = number == null || number == Error.ErrorNumber.VIR_ERR_UNKNOWN ? NO_CODE : number.ordinal();
        int domain = error.getDomain() == null ? -1 : error.getDomain().ordinal();
        return new NativeError(code, domain, error.getMessage(), e);
    }
}
