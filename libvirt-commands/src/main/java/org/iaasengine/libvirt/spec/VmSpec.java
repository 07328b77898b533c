package org.iaasengine.libvirt.spec;

import org.iaasengine.core.InvalidInputException;

import com.google.common.net.InetAddresses;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.iaasengine.core.Visible;

/**
 * The parameters of a new VM, checked at the door: every bad value is rejected with a message that
 * names it, before any side effect.
 *
 * @param name       the VM's name: 1 to 247 bytes of UTF-8, no '/', no control characters, no
 *                   bidirectional controls, not {@code .} nor {@code ..}, only characters XML can
 *                   carry (see {@link #checkName})
 * @param uuid       its UUID
 * @param template   the template image, relative to the host's template directory, or null for a
 *                   VM without a disk
 * @param memoryMiB  memory in MiB, 16 to 16777216 (16 TiB)
 * @param vcpus      virtual CPUs, 1 to 4096
 * @param mac        the MAC address of its interface, lower case (unicast, not all zero: see
 *                   {@link #normalizeMac})
 * @param network    {@code user}, {@code network:<name>} or {@code bridge:<name>}
 * @param ip         the IP address the cloud manager assigns (IPv4 or IPv6, see {@link #checkIp}), or
 *                   null
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
    /** The characters of an IPv4 or IPv6 address as text (ASCII digits only, no zone id). */
    private static final Pattern IP_TEXT = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    public VmSpec {
        checkName(name);
        Objects.requireNonNull(uuid, "uuid");
        InvalidInputException.check(memoryMiB >= MIN_MEMORY_MIB && memoryMiB <= MAX_MEMORY_MIB,
                "memory of vm %s must be between 16 MiB and 16 TiB, was %s MiB", Visible.quoted(name), memoryMiB);
        InvalidInputException.check(vcpus >= 1 && vcpus <= MAX_VCPUS,
                "vcpus of vm %s must be between 1 and %s, was %s", Visible.quoted(name), MAX_VCPUS, vcpus);
        InvalidInputException.check(mac != null, "mac of vm %s is missing", Visible.quoted(name));
        mac = normalizeMac(mac);
        network = network == null ? "user" : network;
        InvalidInputException.check(network.equals("user")
                || (network.startsWith("network:") && NET_NAME.matcher(network.substring(8)).matches())
                || (network.startsWith("bridge:") && NET_NAME.matcher(network.substring(7)).matches()),
                "network of vm %s must be user, network:<name> or bridge:<name>, was %s", Visible.quoted(name),
                Visible.quoted(network));
        if (ip != null) {
            checkIp(ip);
        }
        Objects.requireNonNull(lifecycle, "lifecycle");
        InvalidInputException.check(kernel != null || initrd == null, "vm %s has an initrd but no kernel",
                Visible.quoted(name));
        for (String p : new String[] {kernel, initrd, serialLog}) {
            InvalidInputException.check(p == null || (p.startsWith("/") && p.chars().noneMatch(c -> c < 0x20)),
                    "path %s of vm %s must be absolute, without control characters", Visible.quoted(p),
                    Visible.quoted(name));
        }
        InvalidInputException.check(cmdline == null || cmdline.chars().noneMatch(c -> c < 0x20),
                "kernel command line %s of vm %s contains control characters", Visible.quoted(cmdline),
                Visible.quoted(name));
    }

    /**
     * Checks a VM name as libvirt would take it, and refuses the names that libvirt takes but that do
     * harm; throws {@link IllegalArgumentException} naming the bad value (shown with
     * {@link Visible#quoted}). Refused:
     * <ul>
     *   <li>empty, longer than 247 bytes of UTF-8, with a {@code '/'}, control characters, white space
     *   at either end, or characters XML cannot carry;</li>
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
     */
    public static String checkName(String name) {
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
        InvalidInputException.check(name.strip().equals(name),
                "vm name %s starts or ends with white space", shown);
        // What the domain XML can carry, checked here rather than when the XML is written mid-action.
        name.codePoints().filter(cp -> !((cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD)
                || cp >= 0x10000)).findFirst().ifPresent(cp -> {
                    throw new InvalidInputException(String.format(Locale.ROOT,
                            "vm name %s contains character U+%04X, which XML cannot carry", shown, cp));
                });
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        InvalidInputException.check(bytes <= MAX_NAME_UTF8_BYTES,
                "vm name is %s bytes of UTF-8; libvirt allows at most %s: %s", bytes, MAX_NAME_UTF8_BYTES,
                name.length() > 40 ? Visible.quoted(name.substring(0, 40)) + "..." : shown);
        return name;
    }

    /**
     * Normalizes a MAC to lower case and checks it can be a NIC's own address; throws naming it.
     * Refused: anything but six hex octets {@code xx:xx:xx:xx:xx:xx}; multicast addresses (the low
     * bit of the first octet set, which includes the broadcast {@code ff:ff:ff:ff:ff:ff}: libvirt
     * refuses them); and {@code 00:00:00:00:00:00}, which libvirt takes but which no NIC may have
     * (guest drivers such as Linux's treat it as "no address" and make up a random one, so the
     * address the model records would not be the guest's).
     */
    public static String normalizeMac(String mac) {
        InvalidInputException.check(mac != null, "mac must not be null");
        String m = mac.toLowerCase(Locale.ROOT);
        InvalidInputException.check(MAC.matcher(m).matches(), "mac %s is not of the form xx:xx:xx:xx:xx:xx",
                Visible.quoted(mac));
        InvalidInputException.check((Integer.parseInt(m.substring(0, 2), 16) & 1) == 0,
                "mac %s is a multicast address", Visible.quoted(mac));
        InvalidInputException.check(!m.equals("00:00:00:00:00:00"),
                "mac %s is the all-zero address, which no network interface may have", Visible.quoted(mac));
        return m;
    }

    /**
     * Checks an IP address as text: IPv4 in dotted-quad form ({@code 10.0.0.1}; no leading zeros,
     * which some tools read as octal) or IPv6 in any RFC 4291 text form, with an embedded dotted
     * quad too ({@code ::ffff:1.2.3.4}, {@code 64:ff9b::1.2.3.4}). Refused: zone ids
     * ({@code fe80::1%eth0}: meaningless off the host that names the interface), host names (no DNS
     * lookup is ever made), anything else. Throws naming the value.
     */
    public static String checkIp(String ip) {
        // Guava parses the text only (no DNS); it also takes non-ASCII digits and zone ids, which the
        // ASCII pattern keeps out.
        InvalidInputException.check(ip != null && IP_TEXT.matcher(ip).matches() && InetAddresses.isInetAddress(ip),
                "ip %s is not an IPv4 or IPv6 address", Visible.quoted(ip));
        return ip;
    }

    public Optional<String> templateName() {
        return Optional.ofNullable(template);
    }
}
