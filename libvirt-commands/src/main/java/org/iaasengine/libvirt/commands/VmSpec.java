package org.iaasengine.libvirt.commands;

import com.google.common.base.Preconditions;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.iaasengine.libvirt.Lifecycle;

/**
 * The parameters of a new VM, checked at the door: every bad value is rejected with a message that
 * names it, before any side effect.
 *
 * @param name       the VM's name: 1 to 247 bytes of UTF-8, no '/', no control characters, only
 *                   characters XML can carry
 * @param uuid       its UUID
 * @param template   the template image, relative to the host's template directory, or null for a
 *                   VM without a disk
 * @param memoryMiB  memory in MiB, 16 to 16777216 (16 TiB)
 * @param vcpus      virtual CPUs, 1 to 4096
 * @param mac        the MAC address of its interface, lower case
 * @param network    {@code user}, {@code network:<name>} or {@code bridge:<name>}
 * @param ip         the IP address the cloud manager assigns (IPv4 or IPv6), or null
 * @param lifecycle  persistent or transient
 * @param kernel     a kernel to boot directly, or null (then the VM boots from its disk)
 * @param initrd     the initrd for {@code kernel}, or null
 * @param cmdline    the kernel command line, or null
 * @param serialLog  a file the serial console is written to, or null
 */
public record VmSpec(String name, UUID uuid, String template, long memoryMiB, int vcpus, String mac, String network,
        String ip, Lifecycle lifecycle, String kernel, String initrd, String cmdline, String serialLog) {

    /** The least memory a VM may have, in MiB. */
    public static final long MIN_MEMORY_MIB = 16;
    /** The most memory a VM may have, in MiB (16 TiB). */
    public static final long MAX_MEMORY_MIB = 16L * 1024 * 1024;
    /** The most virtual CPUs a VM may have (the machine type may allow fewer). */
    public static final int MAX_VCPUS = 4096;
    /** libvirt's limit on a domain name (as the domain XML writer checks it). */
    private static final int MAX_NAME_UTF8_BYTES = 247;
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern NET_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]{2,39}");

    public VmSpec {
        checkName(name);
        Objects.requireNonNull(uuid, "uuid");
        Preconditions.checkArgument(memoryMiB >= MIN_MEMORY_MIB && memoryMiB <= MAX_MEMORY_MIB,
                "memory of vm '%s' must be between 16 MiB and 16 TiB, was %s MiB", name, memoryMiB);
        Preconditions.checkArgument(vcpus >= 1 && vcpus <= MAX_VCPUS,
                "vcpus of vm '%s' must be between 1 and %s, was %s", name, MAX_VCPUS, vcpus);
        Preconditions.checkArgument(mac != null, "mac of vm '%s' is missing", name);
        mac = normalizeMac(mac);
        network = network == null ? "user" : network;
        Preconditions.checkArgument(network.equals("user")
                || (network.startsWith("network:") && NET_NAME.matcher(network.substring(8)).matches())
                || (network.startsWith("bridge:") && NET_NAME.matcher(network.substring(7)).matches()),
                "network of vm '%s' must be user, network:<name> or bridge:<name>, was '%s'", name, network);
        if (ip != null) {
            Preconditions.checkArgument(IPV4.matcher(ip).matches() || (ip.contains(":") && IPV6.matcher(ip).matches()),
                    "ip of vm '%s' is not an IPv4 or IPv6 address: '%s'", name, ip);
        }
        Objects.requireNonNull(lifecycle, "lifecycle");
        Preconditions.checkArgument(kernel != null || initrd == null, "vm '%s' has an initrd but no kernel", name);
        for (String p : new String[] {kernel, initrd, serialLog}) {
            Preconditions.checkArgument(p == null || (p.startsWith("/") && p.chars().noneMatch(c -> c < 0x20)),
                    "path '%s' of vm '%s' must be absolute, without control characters", p, name);
        }
        Preconditions.checkArgument(cmdline == null || cmdline.chars().noneMatch(c -> c < 0x20),
                "kernel command line of vm '%s' contains control characters", name);
    }

    /** Checks a VM name as libvirt would take it; throws naming the bad value. */
    public static String checkName(String name) {
        Preconditions.checkArgument(name != null && !name.isEmpty(), "vm name must not be empty");
        Preconditions.checkArgument(name.length() <= 1000, "vm name is %s characters long; at most 1000: '%s...'",
                name.length(), name.length() > 40 ? name.substring(0, 40) : name);
        Preconditions.checkArgument(name.indexOf('/') < 0, "vm name '%s' contains '/', which libvirt forbids", name);
        Preconditions.checkArgument(name.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                "vm name '%s' contains control characters", visible(name));
        Preconditions.checkArgument(name.strip().equals(name),
                "vm name '%s' starts or ends with white space", name);
        // What the domain XML can carry, checked here rather than when the XML is written mid-action.
        name.codePoints().filter(cp -> !((cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || cp >= 0x10000)).findFirst().ifPresent(cp -> {
                    throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                            "vm name '%s' contains character U+%04X, which XML cannot carry", name, cp));
                });
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        Preconditions.checkArgument(bytes <= MAX_NAME_UTF8_BYTES,
                "vm name is %s bytes of UTF-8; libvirt allows at most %s: '%s'", bytes, MAX_NAME_UTF8_BYTES,
                name.length() > 40 ? name.substring(0, 40) + "..." : name);
        return name;
    }

    /**
     * The value with control characters (and lone surrogates) shown as Java-style unicode escapes (a
     * line break as backslash, {@code u000A}), as the domain XML checks show them: a message names the
     * value exactly and cannot break a log line.
     */
    private static String visible(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7F || (cp >= 0xD800 && cp <= 0xDFFF)) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    /** Normalizes a MAC to lower case and checks it is a unicast address; throws naming it. */
    public static String normalizeMac(String mac) {
        String m = mac.toLowerCase(java.util.Locale.ROOT);
        Preconditions.checkArgument(MAC.matcher(m).matches(), "mac '%s' is not of the form xx:xx:xx:xx:xx:xx", mac);
        Preconditions.checkArgument((Integer.parseInt(m.substring(0, 2), 16) & 1) == 0,
                "mac '%s' is a multicast address", mac);
        return m;
    }

    public Optional<String> templateName() {
        return Optional.ofNullable(template);
    }
}
