package org.iaasengine.libvirt.driver;

import org.iaasengine.core.FailureCategory;

/**
 * The libvirt error codes ({@code virErrorNumber}) the library tells apart, each with the engine
 * failure category it stands for. Drivers classify by code: the libvirt-java driver by the
 * error's number, the virsh driver by libvirt's fixed message prefix for that code (for example
 * "Domain not found" for {@link #NO_DOMAIN}).
 */
public enum LibvirtError {
    INTERNAL_ERROR(1, FailureCategory.INTERNAL),
    NO_MEMORY(2, FailureCategory.TRANSIENT),
    NO_SUPPORT(3, FailureCategory.INVALID_INPUT),
    NO_CONNECT(5, FailureCategory.TRANSIENT),
    INVALID_CONN(6, FailureCategory.TRANSIENT),
    INVALID_DOMAIN(7, FailureCategory.NOT_FOUND),
    INVALID_ARG(8, FailureCategory.INVALID_INPUT),
    OPERATION_FAILED(9, FailureCategory.INTERNAL),
    XML_ERROR(27, FailureCategory.INVALID_INPUT),
    DOM_EXIST(28, FailureCategory.CONFLICT),
    OPERATION_DENIED(29, FailureCategory.CONFLICT),
    OPEN_FAILED(30, FailureCategory.NOT_FOUND),
    XML_DETAIL(35, FailureCategory.INVALID_INPUT),
    SYSTEM_ERROR(38, FailureCategory.TRANSIENT),
    RPC(39, FailureCategory.TRANSIENT),
    NO_DOMAIN(42, FailureCategory.NOT_FOUND),
    NO_NETWORK(43, FailureCategory.NOT_FOUND),
    INVALID_MAC(44, FailureCategory.INVALID_INPUT),
    AUTH_FAILED(45, FailureCategory.INVALID_INPUT),
    NO_STORAGE_POOL(49, FailureCategory.NOT_FOUND),
    NO_STORAGE_VOL(50, FailureCategory.NOT_FOUND),
    OPERATION_INVALID(55, FailureCategory.CONFLICT),
    CONFIG_UNSUPPORTED(67, FailureCategory.INVALID_INPUT),
    OPERATION_TIMEOUT(68, FailureCategory.TIMEOUT),
    OPERATION_ABORTED(78, FailureCategory.CANCELLED),
    MIGRATE_UNSAFE(81, FailureCategory.CONFLICT),
    OPERATION_UNSUPPORTED(84, FailureCategory.INVALID_INPUT),
    AGENT_UNRESPONSIVE(86, FailureCategory.TRANSIENT),
    RESOURCE_BUSY(87, FailureCategory.TRANSIENT),
    ACCESS_DENIED(88, FailureCategory.INVALID_INPUT),
    CPU_INCOMPATIBLE(91, FailureCategory.CONFLICT),
    XML_INVALID_SCHEMA(92, FailureCategory.INVALID_INPUT),
    NO_SERVER(95, FailureCategory.TRANSIENT),
    AGENT_UNSYNCED(97, FailureCategory.TRANSIENT),
    /** Any code not listed here, or an error that carries no code (a process that died, a timeout). */
    UNKNOWN(-1, FailureCategory.INTERNAL);

    private final int code;
    private final FailureCategory category;

    LibvirtError(int code, FailureCategory category) {
        this.code = code;
        this.category = category;
    }

    /** The {@code virErrorNumber}. */
    public int code() {
        return code;
    }

    /** The engine failure category this code stands for. */
    public FailureCategory category() {
        return category;
    }

    /** The error for a {@code virErrorNumber}; UNKNOWN for one not listed. */
    public static LibvirtError ofCode(int code) {
        for (LibvirtError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
