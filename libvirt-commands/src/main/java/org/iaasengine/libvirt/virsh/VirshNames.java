package org.iaasengine.libvirt.virsh;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Decides whether a domain name can be handed to virsh as its {@code --domain} argument as it is.
 *
 * <p>Three cases cannot: virsh looks {@code --domain} up as an id first, then as a UUID, then as a
 * name, so a domain named "42" or named like another domain's UUID would reach the wrong domain;
 * Commons Exec's {@code CommandLine.addArgument} drops leading and trailing whitespace, so " web1 "
 * would arrive as "web1" through it (the library's process runner passes arguments exactly, but
 * such a name still goes by UUID, which is safe however virsh is run); and the JVM encodes
 * process arguments in {@code sun.jnu.encoding}, so under a C/POSIX locale a non-ASCII name would
 * arrive as '?'. For those names the driver looks the UUID up by exact name (from
 * {@code virsh list --all --uuid --name}, read as UTF-8 bytes) and passes the UUID. Every
 * other name (spaces, quotes, {@code ;}, {@code $()}, {@code <}, {@code &}, a leading '-') goes as
 * one argument, untouched.
 */
final class VirshNames {
    /** What virStrToLong_i accepts in full: optional leading blanks and sign, decimal digits. */
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+");
    /** What virUUIDParse accepts: hex digit pairs with '-' or ' ' anywhere, blanks around. */
    private static final Pattern UUID_CHARS = Pattern.compile("[\\s0-9a-fA-F-]+");

    private VirshNames() {
    }

    /** The charset the JVM encodes process arguments with. */
    static Charset argumentCharset() {
        String jnu = System.getProperty("sun.jnu.encoding");
        try {
            return jnu == null ? StandardCharsets.UTF_8 : Charset.forName(jnu);
        } catch (RuntimeException e) {
            return StandardCharsets.US_ASCII;
        }
    }

    /** True when virsh would find this exact name by it, and it survives argument encoding. */
    static boolean passesAsIs(String name, Charset argumentCharset) {
        return !looksLikeIdOrUuid(name) && name.equals(name.trim()) && name.equals(name.strip())
                && argumentCharset.newEncoder().canEncode(name);
    }

    /** True when virsh could take the name for a domain id or UUID before trying it as a name. */
    static boolean looksLikeIdOrUuid(String name) {
        if (INTEGER.matcher(name).matches()) {
            return true;
        }
        if (!UUID_CHARS.matcher(name).matches()) {
            return false;
        }
        long hexDigits = name.chars().filter(c -> Character.digit(c, 16) >= 0).count();
        return hexDigits == 32;
    }
}
