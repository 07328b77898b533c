package org.iaasengine.libvirt.xml;

import java.math.BigInteger;
import java.util.Locale;
import org.iaasengine.core.InvalidInputException;

/**
 * The library's one memory-unit converter: libvirt's units, converted to KiB the way libvirt does
 * (the value scaled to bytes, {@code virScaleInteger}, then rounded <em>up</em> to whole KiB:
 * {@code 1048577 b} is 1025 KiB, {@code 1001 KB} is 978 KiB, as {@code virsh dumpxml} then shows
 * them). Units: {@code b}/{@code bytes}; {@code k}/{@code KiB}, {@code M}/{@code MiB},
 * {@code G}/{@code GiB}, {@code T}/{@code TiB}, {@code P}/{@code PiB}, {@code E}/{@code EiB}
 * (powers of 1024); {@code KB}, {@code MB}, {@code GB}, {@code TB}, {@code PB}, {@code EB} (powers
 * of 1000). Case does not matter; no unit means KiB. More than libvirt accepts (over
 * {@code LLONG_MAX} bytes) is refused. The XML layer, the model sync and the CLI all convert here.
 *
 * <pre>{@code
 * MemoryUnits.toKiB(512, "MiB");      // 524288
 * MemoryUnits.toKiB("1500", "b");     // 2 (rounded up, as libvirt does)
 * MemoryUnits.mibToKiB(2048);         // 2097152
 * }</pre>
 */
public final class MemoryUnits {
    private static final BigInteger KIB = BigInteger.valueOf(1024);
    private static final String PREFIXES = "kmgtpe";
    /** libvirt refuses more than LLONG_MAX bytes. */
    private static final BigInteger MAX_BYTES = BigInteger.valueOf(Long.MAX_VALUE);

    private MemoryUnits() {
    }

    /** {@code value} (decimal digits, as in XML) of {@code unit} in KiB, rounded up as libvirt does. */
    public static long toKiB(String value, String unit) {
        InvalidInputException.check(value != null, "memory value is missing");
        String digits = value.strip();
        InvalidInputException.check(!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9'),
                "memory value must be a non-negative whole number, got '%s'", value);
        return kib(new BigInteger(digits), value, unit);
    }

    /** {@code value} of {@code unit} in KiB, rounded up as libvirt does. */
    public static long toKiB(long value, String unit) {
        InvalidInputException.check(value >= 0, "memory value must not be negative, got %s", value);
        return kib(BigInteger.valueOf(value), Long.toString(value), unit);
    }

    /** {@code mib} MiB in KiB; refused when negative or more than libvirt accepts. */
    public static long mibToKiB(long mib) {
        return toKiB(mib, "MiB");
    }

    private static long kib(BigInteger value, String shown, String unit) {
        BigInteger bytes = value.multiply(bytesPer(unit));
        InvalidInputException.check(bytes.compareTo(MAX_BYTES) <= 0, "memory %s %s is more than libvirt accepts", shown,
                unit);
        BigInteger[] qr = bytes.divideAndRemainder(KIB);
        return qr[0].longValueExact() + (qr[1].signum() == 0 ? 0 : 1);
    }

    /** How many bytes one {@code unit} is. */
    static BigInteger bytesPer(String unit) {
        if (unit == null || unit.isEmpty()) {
            return KIB;
        }
        String u = unit.toLowerCase(Locale.ROOT);
        if (u.equals("b") || u.equals("bytes")) {
            return BigInteger.ONE;
        }
        int power = PREFIXES.indexOf(u.charAt(0)) + 1;
        InvalidInputException.check(power > 0, "unknown memory unit '%s'", unit);
        String rest = u.substring(1);
        if (rest.isEmpty() || rest.equals("ib")) {
            return KIB.pow(power);
        }
        InvalidInputException.check(rest.equals("b"), "unknown memory unit '%s'", unit);
        return BigInteger.valueOf(1000).pow(power);
    }
}
