package org.iaasengine.libvirt.xml;

import org.iaasengine.core.InvalidInputException;


import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.spec.DomainNames;

/**
 * The checks at the door of the builder and the setters. Each rejects what real libvirt (9.0,
 * QEMU driver) rejects, or what cannot be carried in XML 1.0 at all, with a message naming the
 * value.
 */
final class Checks {
    /** 16 TiB in KiB. */
    static final long MAX_MEMORY_KIB = 16L * 1024 * 1024 * 1024;
    static final int MAX_VCPUS = 4096;
    /** The longest name libvirt takes, in bytes of UTF-8 ({@link DomainNames#MAX_UTF8_BYTES}). */
    static final int MAX_NAME_UTF8_BYTES = DomainNames.MAX_UTF8_BYTES;

    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");
    private static final Pattern TARGET_DEV = Pattern.compile("[a-z][a-z0-9]{0,31}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,63}");
    private static final Set<String> DOMAIN_TYPES = Set.of("qemu", "kvm", "test");
    private static final Set<String> DISK_FORMATS = Set.of("qcow2", "raw");

    private Checks() {
    }

    /** A domain name as libvirt accepts it: {@link DomainNames#checkLibvirt}, the library's one name validator. */
    static String name(String name) {
        return DomainNames.checkLibvirt(name);
    }

    /** Memory in KiB: positive and at most 16 TiB. */
    static long memoryKiB(long kib) {
        InvalidInputException.check(kib > 0, "memory must be positive, got %s KiB", kib);
        InvalidInputException.check(kib <= MAX_MEMORY_KIB, "memory must be at most 16 TiB (%s KiB), got %s KiB", MAX_MEMORY_KIB,
                kib);
        return kib;
    }

    /** Memory in MiB, converted to KiB ({@link MemoryUnits}). */
    static long memoryMiB(long mib) {
        InvalidInputException.check(mib > 0, "memory must be positive, got %s MiB", mib);
        InvalidInputException.check(mib <= MAX_MEMORY_KIB / 1024, "memory must be at most 16 TiB (%s MiB), got %s MiB",
                MAX_MEMORY_KIB / 1024, mib);
        return MemoryUnits.mibToKiB(mib);
    }

    /** A vCPU count, 1 to 4096 (the machine type may allow fewer: i440fx 255, q35 288). */
    static int vcpus(int vcpus) {
        InvalidInputException.check(vcpus >= 1 && vcpus <= MAX_VCPUS, "vcpus must be between 1 and %s, got %s", MAX_VCPUS, vcpus);
        return vcpus;
    }

    /**
     * A unicast MAC address {@code xx:xx:xx:xx:xx:xx}, returned in lower case; libvirt refuses
     * multicast addresses (low bit of the first octet set, the broadcast address too); the all-zero
     * address, which libvirt takes but no NIC may have, is refused as well.
     */
    static String mac(String mac) {
        Objects.requireNonNull(mac, "mac");
        InvalidInputException.check(MAC.matcher(mac).matches(), "MAC address must be six hex octets xx:xx:xx:xx:xx:xx, got %s",
                quoted(mac));
        int first = Integer.parseInt(mac.substring(0, 2), 16);
        InvalidInputException.check((first & 1) == 0, "MAC address must be unicast (first octet even), got %s", quoted(mac));
        InvalidInputException.check(!mac.equals("00:00:00:00:00:00"), "MAC address must not be all zero, got %s", quoted(mac));
        return mac.toLowerCase(Locale.ROOT);
    }

    /** An absolute file path that fits in an XML attribute. */
    static String absolutePath(String what, String path) {
        Objects.requireNonNull(path, what);
        InvalidInputException.check(path.startsWith("/"), "%s must be an absolute path, got %s", what, quoted(path));
        InvalidInputException.check(path.indexOf('\n') < 0 && path.indexOf('\r') < 0 && path.indexOf('\t') < 0,
                "%s must not contain a line break or tab: %s", what, quoted(path));
        return xmlText(what, path);
    }

    /** {@code qemu} or {@code kvm}. */
    static String domainType(String type) {
        Objects.requireNonNull(type, "type");
        InvalidInputException.check(DOMAIN_TYPES.contains(type), "domain type must be qemu, kvm or test, got %s", quoted(type));
        return type;
    }

    /** {@code qcow2} or {@code raw}. */
    static String diskFormat(String format) {
        Objects.requireNonNull(format, "format");
        InvalidInputException.check(DISK_FORMATS.contains(format), "disk format must be qcow2 or raw, got %s", quoted(format));
        return format;
    }

    /** A guest disk target such as {@code vda}, {@code sdb}, {@code hdc}. */
    static String targetDev(String dev) {
        Objects.requireNonNull(dev, "target dev");
        InvalidInputException.check(TARGET_DEV.matcher(dev).matches(),
                "disk target must be lower-case letters then letters or digits (vda, sdb, hdc), got %s", quoted(dev));
        return dev;
    }

    /** A libvirt token such as a network, bridge, model or machine name. */
    static String token(String what, String value) {
        Objects.requireNonNull(value, what);
        InvalidInputException.check(TOKEN.matcher(value).matches(),
                "%s must be 1-64 characters of letters, digits and . _ : + - (not starting with a symbol), got %s",
                what, quoted(value));
        return value;
    }

    /** A libvirt network name: not empty, no {@code '/'}, no line break. */
    static String networkName(String network) {
        Objects.requireNonNull(network, "network");
        InvalidInputException.check(!network.isEmpty(), "network name must not be empty");
        InvalidInputException.check(network.indexOf('/') < 0 && network.indexOf('\n') < 0 && network.indexOf('\r') < 0,
                "network name must not contain '/' or a line break: %s", quoted(network));
        return xmlText("network name", network);
    }

    /** Text that XML 1.0 can carry: no control characters but tab and line breaks, no lone surrogates. */
    static String xmlText(String what, String value) {
        Objects.requireNonNull(value, what);
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
            InvalidInputException.check(ok, "%s contains character U+%s, which XML cannot carry: %s", what,
                    String.format(Locale.ROOT, "%04X", cp), quoted(value));
            i += Character.charCount(cp);
        }
        return value;
    }

    /**
     * The value in quotes with control characters, lone surrogates and bidirectional controls shown
     * as escapes ({@link Visible#quoted}, as every message of the library shows a value), so a
     * message shows it exactly.
     */
    static String quoted(String value) {
        return Visible.quoted(value);
    }
}
