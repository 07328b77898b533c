package org.iaasengine.examples.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses the value forms people type: sizes ({@code 512M}, {@code 2G}, {@code 512}) and durations
 * ({@code 30s}, {@code 500ms}, {@code 2m}, {@code PT1M}). Bad values fail with a message that
 * names them; picocli turns that into a usage error (exit code 2). {@link #visible} is how every
 * message shows a value.
 */
public final class Values {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(k|ki|kib|m|mi|mib|g|gi|gib|t|ti|tib)?b?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    private Values() {
    }

    /** A size in MiB: {@code 512M}, {@code 512MiB}, {@code 2G}, {@code 1048576K}; a bare number is MiB. */
    public static long mebibytes(String value) {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size such as 512M or 2G");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT).substring(0, 1);
        long mib = switch (unit) {
            case "k" -> n / 1024;
            case "g" -> Math.multiplyExact(n, 1024L);
            case "t" -> Math.multiplyExact(n, 1024L * 1024);
            default -> n;
        };
        if (unit.equals("k") && n % 1024 != 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a whole number of MiB");
        }
        return mib;
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
    public static Duration duration(String value) {
        String v = value == null ? "" : value.trim();
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

    /**
     * The text with control characters (C0, DEL, C1) and lone surrogates shown as Java-style unicode
     * escapes (a line break becomes backslash, {@code u000A}), the form the library's messages use:
     * every message the tool prints names a bad value visibly and exactly, and a value cannot move
     * the cursor, clear the screen or forge a line of the tool's output.
     */
    public static String visible(String text) {
        if (text.codePoints().noneMatch(Values::invisible)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (invisible(cp)) {
                sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static boolean invisible(int cp) {
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF);
    }

    /** picocli converter for durations. */
    public static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }
}
