package org.iaasengine.powervm.spec;

import java.util.regex.Pattern;
import org.iaasengine.core.CommandException;

/**
 * Checks of command inputs, done when a command or plan is built, before any request. A bad value
 * is an {@link org.iaasengine.core.FailureCategory#INVALID_INPUT} failure whose message names it.
 *
 * <pre>{@code
 * String uuid = Validate.uuid(raw, "LPAR UUID");
 * String name = Validate.lparName("web1");
 * }</pre>
 */
public final class Validate {
    private static final Pattern UUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    private static final Pattern LPAR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,30}");
    private static final Pattern LV_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}");
    private static final Pattern LU_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,126}");
    private static final Pattern MAC = Pattern.compile("[0-9A-F]{12}");
    private static final Pattern PORT = Pattern.compile("fcs[0-9]{1,3}");
    private static final Pattern UDID = Pattern.compile("[A-Za-z0-9+/=._-]{1,128}");
    private static final Pattern SYSTEM_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_. -]{0,62}");

    /** The largest memory accepted, in MB (64 TiB). */
    public static final long MAX_MEMORY_MB = 64L * 1024 * 1024;
    /** The largest disk accepted, in GB (64 TiB). */
    public static final int MAX_DISK_GB = 64 * 1024;

    private Validate() {
    }

    /** A UUID (8-4-4-4-12 hex digits). */
    public static String uuid(String value, String what) {
        if (value == null || !UUID.matcher(value).matches()) {
            throw CommandException.invalid(what + " must be a UUID (8-4-4-4-12 hex digits), was '" + value + "'");
        }
        return value;
    }

    /** A host's model name (the name a request gives it): not blank. */
    public static String hostName(String value) {
        if (value == null || value.isBlank()) {
            throw CommandException.invalid("host name must not be blank: '" + value + "'");
        }
        return value;
    }

    /** An LPAR name: 1 to 31 letters, digits, '_', '.', '-', starting with a letter or digit. */
    public static String lparName(String value) {
        if (value == null || !LPAR_NAME.matcher(value).matches()) {
            throw CommandException.invalid("LPAR name must be 1 to 31 letters, digits, '_', '.' or '-' starting with "
                    + "a letter or digit, was '" + value + "'");
        }
        return value;
    }

    /** A managed system name. */
    public static String systemName(String value) {
        if (value == null || !SYSTEM_NAME.matcher(value).matches()) {
            throw CommandException.invalid("managed system name is not valid: '" + value + "'");
        }
        return value;
    }

    /** A volume group disk (logical volume) name: at most 15 characters. */
    public static String lvName(String value) {
        if (value == null || !LV_NAME.matcher(value).matches()) {
            throw CommandException.invalid("virtual disk name must be 1 to 15 letters, digits, '_', '.' or '-', was '"
                    + value + "'");
        }
        return value;
    }

    /** A logical unit name: at most 127 characters. */
    public static String luName(String value) {
        if (value == null || !LU_NAME.matcher(value).matches()) {
            throw CommandException.invalid("logical unit name must be 1 to 127 letters, digits, '_', '.' or '-', was '"
                    + value + "'");
        }
        return value;
    }

    /** Memory in MB: at least 256. */
    public static long memoryMb(long value) {
        if (value < 256 || value > MAX_MEMORY_MB) {
            throw CommandException.invalid("memory must be between 256 MB and " + MAX_MEMORY_MB + " MB, was " + value);
        }
        return value;
    }

    /** Virtual processors: 1 to 256. */
    public static int vcpus(int value) {
        if (value < 1 || value > 256) {
            throw CommandException.invalid("virtual processors must be between 1 and 256, was " + value);
        }
        return value;
    }

    /** Processing units for {@code vcpus} virtual processors: 0.05 per processor up to 1 per processor. */
    public static double procUnits(double value, int vcpus) {
        if (!(value >= 0.05 * vcpus - 1e-9) || value > vcpus + 1e-9) {
            throw CommandException.invalid("processing units must be between " + 0.05 * vcpus + " and " + vcpus
                    + " for " + vcpus + " virtual processor(s), was " + value);
        }
        return value;
    }

    /** A disk size in GB: 1 to {@link #MAX_DISK_GB}. */
    public static int diskGb(int value) {
        if (value < 1 || value > MAX_DISK_GB) {
            throw CommandException.invalid("disk size must be between 1 and " + MAX_DISK_GB + " GB, was " + value);
        }
        return value;
    }

    /** A VLAN id: 1 to 4094. */
    public static int vlan(int value) {
        if (value < 1 || value > 4094) {
            throw CommandException.invalid("VLAN id must be between 1 and 4094, was " + value);
        }
        return value;
    }

    /**
     * A MAC address, as PowerVM writes it (12 hex digits, upper case) from either that form or the
     * model's ({@code fa:d4:43:3e:d1:20}).
     */
    public static String mac(String value) {
        String hex = value == null ? "" : value.replace(":", "").toUpperCase(java.util.Locale.ROOT);
        if (!MAC.matcher(hex).matches()) {
            throw CommandException.invalid("MAC address must be 12 hex digits (with or without colons), was '"
                    + value + "'");
        }
        return hex;
    }

    /** A physical Fibre Channel port name ({@code fcs0}). */
    public static String fcPort(String value) {
        if (value == null || !PORT.matcher(value).matches()) {
            throw CommandException.invalid("Fibre Channel port must look like 'fcs0', was '" + value + "'");
        }
        return value;
    }

    /** A unique device id of a volume. */
    public static String udid(String value) {
        if (value == null || !UDID.matcher(value).matches()) {
            throw CommandException.invalid("unique device id is not valid: '" + value + "'");
        }
        return value;
    }

    /** A positive timeout. */
    public static java.time.Duration timeout(java.time.Duration value, String what) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw CommandException.invalid(what + " must be a positive duration, was " + value);
        }
        return value;
    }
}
