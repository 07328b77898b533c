package org.iaasengine.core.seed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;
import org.iaasengine.core.exec.ProcessRunner;

/**
 * A cloud-init NoCloud seed as an ISO 9660 image labelled {@code cidata}: {@code meta-data}
 * (instance-id, local-hostname), {@code user-data} (as given) and {@code network-config} (version
 * 2; by default DHCP on the first ethernet), made with {@code genisoimage -volid cidata -joliet
 * -rock} (Debian package {@code genisoimage}; the program can be set with the system property
 * {@code iaas.genisoimage}) through {@link ProcessRunner}: an argument array, within a timeout. The
 * files are written to a private temporary directory beside the ISO that is removed afterwards; a
 * failure removes the ISO. The hypervisor modules put the ISO where their VMs see it (libvirt: a
 * CD-ROM file; PowerVM: virtual optical media in the VIOS's media repository).
 *
 * <pre>{@code
 * NoCloudSeed seed = NoCloudSeed.of(uuid, "web1", userData);
 * seed.writeIso(dir.resolve(uuid + "-seed.iso"), Duration.ofMinutes(1));
 * }</pre>
 *
 * @param instanceId    the instance-id (1-253 of A-Z a-z 0-9 . _ -, so the YAML cannot gain keys)
 * @param hostname      the local-hostname (same characters)
 * @param userData      the user-data, as given (valid text, at most {@link #MAX_USER_DATA} bytes)
 * @param networkConfig the network-config document (written by the library, never from input)
 */
public record NoCloudSeed(String instanceId, String hostname, String userData, String networkConfig) {
    /** The most user-data accepted, in bytes (cloud-init's own limit on some platforms is 16 KiB; NoCloud has none). */
    public static final int MAX_USER_DATA = 1 << 20;
    /** The network-config of DHCP on the first ethernet interface (version 2). */
    public static final String DHCP_NETWORK_CONFIG = "version: 2\nethernets:\n  nic0:\n    match:\n"
            + "      name: \"e*\"\n    dhcp4: true\n";

    public NoCloudSeed {
        instanceId = checkValue("instance-id", instanceId);
        hostname = checkValue("hostname", hostname);
        userData = checkUserData(userData);
        InvalidInputException.check(networkConfig != null, "network-config must not be null");
    }

    /** A seed with DHCP on the first ethernet interface. */
    public static NoCloudSeed of(String instanceId, String hostname, String userData) {
        return new NoCloudSeed(instanceId, hostname, userData, DHCP_NETWORK_CONFIG);
    }

    /**
     * Checks user-data as the library takes it: not null, valid text (no NUL), at most
     * {@link #MAX_USER_DATA} bytes of UTF-8.
     *
     * @throws InvalidInputException naming what is wrong
     */
    public static String checkUserData(String userData) {
        InvalidInputException.check(userData != null, "user-data must not be null");
        InvalidInputException.check(userData.indexOf('\0') < 0, "user-data must not contain NUL characters");
        int bytes = userData.getBytes(StandardCharsets.UTF_8).length;
        InvalidInputException.check(bytes <= MAX_USER_DATA, "user-data is %s bytes; at most %s accepted", bytes,
                MAX_USER_DATA);
        return userData;
    }

    private static String checkValue(String what, String v) {
        // meta-data is YAML written by us: the values must not be able to add keys or documents.
        InvalidInputException.check(v != null && v.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}"),
                "%s %s must be 1 to 253 characters of A-Z a-z 0-9 . _ - for the metadata drive", what,
                Visible.quoted(v));
        return v;
    }

    /** The {@code meta-data} document. */
    public String metaData() {
        return "instance-id: " + instanceId + "\nlocal-hostname: " + hostname + "\n";
    }

    /** The program that makes the ISO: {@code genisoimage}, or the system property {@code iaas.genisoimage}. */
    public static String genisoimage() {
        return System.getProperty("iaas.genisoimage", "genisoimage");
    }

    /**
     * Writes the seed as the ISO {@code iso} (which must not exist) within {@code timeout}.
     *
     * @throws CommandException CONFLICT when {@code iso} exists; the runner's TIMEOUT, CANCELLED or
     *                          INTERNAL; INTERNAL when genisoimage exits non-zero (its standard
     *                          error in the message). The ISO is removed on any failure.
     */
    public void writeIso(Path iso, Duration timeout) throws IOException {
        Path dir = iso.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        if (Files.exists(iso, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(FailureCategory.CONFLICT, "metadata drive " + iso + " already exists");
        }
        Path work = Files.createTempDirectory(dir, ".seed-");
        try {
            Files.writeString(work.resolve("meta-data"), metaData(), StandardCharsets.UTF_8);
            Files.writeString(work.resolve("user-data"), userData, StandardCharsets.UTF_8);
            Files.writeString(work.resolve("network-config"), networkConfig, StandardCharsets.UTF_8);
            ProcessRunner.Result r;
            try {
                r = ProcessRunner.run(List.of(genisoimage(), "-quiet", "-output", iso.toString(), "-volid", "cidata",
                        "-joliet", "-rock", work.resolve("user-data").toString(), work.resolve("meta-data").toString(),
                        work.resolve("network-config").toString()), timeout);
            } catch (CommandException e) {
                Files.deleteIfExists(iso);
                throw e;
            }
            if (r.exitCode() != 0) {
                Files.deleteIfExists(iso);
                throw new CommandException(FailureCategory.INTERNAL, "genisoimage could not make the metadata drive "
                        + iso + " (exit " + r.exitCode() + "): " + Visible.of(r.stderr().strip()));
            }
        } finally {
            removeTree(work);
        }
    }

    private static void removeTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
