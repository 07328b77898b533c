package org.iaasengine.libvirt.spec;

import org.iaasengine.core.InvalidInputException;

import com.google.common.net.InetAddresses;
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
 *                   carry (see {@link DomainNames#check})
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
     * Checks a VM name as the library takes it: {@link DomainNames#check}, the library's one name
     * validator. Throws {@link IllegalArgumentException} naming the bad value.
     */
    public static String checkName(String name) {
        return DomainNames.check(name);
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
