package org.iaasengine.core;

import java.util.Locale;

/**
 * How every message of the library and of its tools shows a value it names: exactly, and visibly.
 * Characters that would change how the text looks or behaves rather than show themselves are
 * written as Java-style unicode escapes (backslash, {@code u}, four hex digits):
 * <ul>
 *   <li>control characters: C0 ({@code U+0000..U+001F}, a line break becomes backslash-{@code u000A}),
 *   DEL ({@code U+007F}) and C1 ({@code U+0080..U+009F}, where {@code U+009B} is a terminal's CSI);</li>
 *   <li>lone surrogates (text that is not valid UTF-16);</li>
 *   <li>bidirectional controls: {@code U+061C}, {@code U+200E}, {@code U+200F},
 *   {@code U+202A..U+202E} and {@code U+2066..U+2069}, which reorder what is shown after them
 *   ({@code h2-<U+202E>exe.txt} shows as {@code h2-txt.exe}).</li>
 * </ul>
 * A value so shown cannot move a terminal's cursor, forge a line of a log, or look like another
 * value. Everything else (letters of any script, spaces, quotes, symbols) is shown as it is.
 *
 * <pre>{@code
 * throw new InvalidInputException("vm name " + Visible.quoted(name) + " contains a line break");
 * // for a name of "a", a line break and "b", the message shows the name as 'a', a backslash, "u000Ab'"
 * }</pre>
 */
public final class Visible {
    private Visible() {
    }

    /** {@code text} with every {@linkplain #isEscaped escaped} character as backslash, {@code uXXXX}; "null" for null. */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        if (text.codePoints().noneMatch(Visible::isEscaped)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(cp -> {
            if (isEscaped(cp)) {
                sb.append(String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** {@link #of} in single quotes, the form messages name a value in. */
    public static String quoted(String text) {
        return "'" + of(text) + "'";
    }

    /** True for the code points {@link #of} escapes: control characters, lone surrogates, bidirectional controls. */
    public static boolean isEscaped(int cp) {
        return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) || isBidiControl(cp);
    }

    /**
     * True for the Unicode bidirectional controls (the explicit formatting characters of UAX #9):
     * ALM {@code U+061C}, LRM {@code U+200E}, RLM {@code U+200F}, LRE/RLE/PDF/LRO/RLO
     * {@code U+202A..U+202E}, LRI/RLI/FSI/PDI {@code U+2066..U+2069}.
     */
    public static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }
}
