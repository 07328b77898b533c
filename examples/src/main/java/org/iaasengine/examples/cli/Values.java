package org.iaasengine.examples.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.libvirt.xml.MemoryUnits;
import picocli.CommandLine;

/**
 * Parses the value forms people type: sizes ({@code 512M}, {@code 2G}, {@code 512}; converted by the
 * library's {@link MemoryUnits}) and durations ({@code 30s}, {@code 500ms}, {@code 2m},
 * {@code PT1M}). Bad values fail with a message that
 * names them; picocli turns that into a usage error (exit code 2); every message is printed with
 * {@link org.iaasengine.core.Visible#of}, as the library's own.
 */
public final class Values {
    /** A number and its unit, written together: {@code 512M}, not {@code 512 M}. */
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,12})(k|ki|kib|m|mi|mib|g|gi|gib|t|ti|tib)?b?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

    private Values() {
    }

    /**
     * A size in MiB: {@code 512M}, {@code 512MiB}, {@code 2G}, {@code 1048576K}; a bare number is MiB.
     * White space around the value is ignored (a value read from a file keeps its line break); white
     * space inside it ({@code "512 M"}) is refused, naming what was typed: it is the mark of a value
     * split or joined by mistake in a script.
     */
    public static long mebibytes(String value) {
        String v = value == null ? "" : value.strip();
        if (hasSpaceInside(v)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size such as 512M or 2G: "
                    + "it has white space inside");
        }
        Matcher m = SIZE.matcher(v);
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size such as 512M or 2G");
        }
        long n = Long.parseLong(m.group(1));
        // Every prefix is binary here, with or without "i" or "b": 512MB is 512 MiB, as people mean it.
        String prefix = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT).substring(0, 1);
        long kib;
        try {
            kib = MemoryUnits.toKiB(n, prefix + "ib");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is more memory than libvirt accepts");
        }
        if (kib % 1024 != 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of MiB");
        }
        return kib / 1024;
    }

    /**
     * A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT30S});
     * white space around it is ignored, inside it ({@code "30 s"}) refused as for sizes.
     */
    public static Duration duration(String value) {
        String v = value == null ? "" : value.strip();
        if (hasSpaceInside(v)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 30s, 500ms or 2m: "
                    + "it has white space inside");
        }
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration such as 30s, 500ms or 2m");
        }
    }

    /** True if the (stripped) value holds white space or a space character (a no-break space too). */
    private static boolean hasSpaceInside(String stripped) {
        return stripped.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp));
    }

    /** picocli converter for durations. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }
}
