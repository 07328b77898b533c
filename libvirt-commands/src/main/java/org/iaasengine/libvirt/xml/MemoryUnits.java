package org.iaasengine.libvirt.xml;

import org.iaasengine.core.InvalidInputException;


import java.math.BigInteger;
import java.util.Locale;

/**
 * libvirt's memory units, converted to KiB the way libvirt does ({@code virScaleInteger}, then
 * rounded up to whole KiB): {@code b}/{@code bytes}; {@code k}/{@code KiB}, {@code M}/{@code MiB},
 * {@code G}/{@code GiB}, {@code T}/{@code TiB}, {@code P}/{@code PiB}, {@code E}/{@code EiB}
 * (powers of 1024); {@code KB}, {@code MB}, {@code GB}, {@code TB}, {@code PB}, {@code EB}
 * (powers of 1000). Case does not matter; no unit means KiB.
 */
final class MemoryUnits {
    private static final BigInteger KIB = BigInteger.valueOf(1024);
    private static final String PREFIXES = "kmgtpe";
    /** libvirt refuses more than LLONG_MAX bytes. */
    private static final BigInteger MAX_BYTES = BigInteger.valueOf(Long.MAX_VALUE);

    private MemoryUnits() {
    }

    /** {@code value} of {@code unit} in KiB, rounded up as libvirt does. */
    static long toKiB(String value, String unit) {
        InvalidInputException.check(value != null, "memory value is missing");
        String digits = value.strip();
        InvalidInputException.check(!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9'),
                "memory value must be a non-negative whole number, got '%s'", value);
        BigInteger bytes = new BigInteger(digits).multiply(bytesPer(unit));
        InvalidInputException.check(bytes.compareTo(MAX_BYTES) <= 0, "memory %s %s is more than libvirt accepts", value, unit);
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
