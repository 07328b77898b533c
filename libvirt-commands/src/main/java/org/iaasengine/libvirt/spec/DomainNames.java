package org.iaasengine.libvirt.spec;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;

/**
 * The library's one validator of domain names, with its two rules in one place: what libvirt
 * accepts ({@link #checkLibvirt}: the XML layer's rule, for any domain) and what the library accepts
 * for the VMs it manages ({@link #check}: libvirt's rule and more; the actions and the CLI use it).
 * Every refusal names the value, shown with {@link Visible#quoted}.
 *
 * <pre>{@code
 * DomainNames.check("web1");             // a VM name, at the door of an action or the CLI
 * DomainNames.checkLibvirt("  spaced ");  // a name libvirt takes (the XML builder)
 * }</pre>
 */
public final class DomainNames {
    /**
     * libvirt keeps {@code <name>.xml} under {@code /etc/libvirt/qemu} and writes it through
     * {@code <name>.xml.new}: a file name is at most 255 bytes, so a name is at most 247 bytes of
     * UTF-8. Longer names fail on define and on create.
     */
    public static final int MAX_UTF8_BYTES = 247;

    private DomainNames() {
    }

    /**
     * A domain name as libvirt accepts it: not empty, no {@code '/'}, no line break, XML 1.0
     * characters only, at most 247 bytes of UTF-8. Spaces, tabs, quotes, {@code ; $ ` < & >}, white
     * space at the ends and non-ASCII letters are all accepted (JAXB escapes them).
     *
     * @throws InvalidInputException naming the value ("domain name ...")
     */
    public static String checkLibvirt(String name) {
        Objects.requireNonNull(name, "name");
        InvalidInputException.check(!name.isEmpty(), "domain name must not be empty");
        InvalidInputException.check(name.indexOf('/') < 0, "domain name must not contain '/': %s", Visible.quoted(name));
        InvalidInputException.check(name.indexOf('\n') < 0 && name.indexOf('\r') < 0,
                "domain name must not contain a line break: %s", Visible.quoted(name));
        firstNonXml(name, true).ifPresent(cp -> {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "domain name contains character U+%04X, which XML cannot carry: %s", cp, Visible.quoted(name)));
        });
        int bytes = utf8Bytes(name);
        InvalidInputException.check(bytes <= MAX_UTF8_BYTES,
                "domain name is %s bytes of UTF-8, libvirt allows at most %s: %s", bytes, MAX_UTF8_BYTES,
                Visible.quoted(name));
        return name;
    }

    /**
     * A name for a VM the library manages: libvirt's rule ({@link #checkLibvirt}), and refused as
     * well, though libvirt takes them:
     * <ul>
     *   <li>control characters (tab included) and white space at either end;</li>
     *   <li>{@code .} and {@code ..}: libvirt uses the name as a path component (the domain's
     *   {@code /etc/libvirt/qemu/<name>.xml}, {@code /var/lib/libvirt/qemu/snapshot/<name>},
     *   {@code /var/lib/libvirt/qemu/checkpoint/<name>}, {@code /var/log/libvirt/qemu/<name>.log}),
     *   and there these two mean the directory itself and its parent: libvirt 9.0 undefining a domain
     *   named {@code ..} removes its own state directories;</li>
     *   <li>bidirectional controls ({@link Visible#isBidiControl}): they make a name look like another
     *   ({@code h2-<U+202E>exe.txt} shows as {@code h2-txt.exe}).</li>
     * </ul>
     * Names that merely contain dots are taken: {@code ...}, {@code .web}, {@code a..b} are ordinary
     * file names to the kernel and to libvirt (only a whole path component {@code .} or {@code ..} is
     * special).
     *
     * @throws InvalidInputException naming the value ("vm name ...")
     */
    public static String check(String name) {
        InvalidInputException.check(name != null && !name.isEmpty(), "vm name must not be empty");
        InvalidInputException.check(name.length() <= 1000, "vm name is %s characters long; at most 1000: %s...",
                name.length(), Visible.quoted(name.length() > 40 ? name.substring(0, 40) : name));
        String shown = Visible.quoted(name);
        InvalidInputException.check(!name.equals(".") && !name.equals(".."),
                "vm name %s is refused: libvirt uses the name as a file and directory name, where '.' is the "
                        + "directory itself and '..' its parent", shown);
        InvalidInputException.check(name.indexOf('/') < 0, "vm name %s contains '/', which libvirt forbids", shown);
        InvalidInputException.check(name.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                "vm name %s contains control characters", shown);
        name.codePoints().filter(Visible::isBidiControl).findFirst().ifPresent(cp -> {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "vm name %s contains the bidirectional control U+%04X, which makes a name look like another",
                    shown, cp));
        });
        InvalidInputException.check(name.strip().equals(name), "vm name %s starts or ends with white space", shown);
        // What the domain XML can carry, checked here rather than when the XML is written mid-action.
        firstNonXml(name, false).ifPresent(cp -> {
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "vm name %s contains character U+%04X, which XML cannot carry", shown, cp));
        });
        int bytes = utf8Bytes(name);
        InvalidInputException.check(bytes <= MAX_UTF8_BYTES,
                "vm name is %s bytes of UTF-8; libvirt allows at most %s: %s", bytes, MAX_UTF8_BYTES,
                name.length() > 40 ? Visible.quoted(name.substring(0, 40)) + "..." : shown);
        return name;
    }

    /**
     * The first code point XML 1.0 cannot carry: control characters (but tab and line breaks when
     * {@code whiteSpaceControls}), U+FFFE, U+FFFF, lone surrogates.
     */
    static OptionalInt firstNonXml(String s, boolean whiteSpaceControls) {
        return s.codePoints().filter(cp -> !((whiteSpaceControls && (cp == 0x9 || cp == 0xA || cp == 0xD))
                || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000)).findFirst();
    }

    private static int utf8Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
