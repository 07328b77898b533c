package org.iaasengine.libvirt.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.exec.ProcessRunner;
import org.iaasengine.libvirt.spec.DiskImage;

/**
 * Builds a VM's metadata drive: a cloud-init NoCloud seed, an ISO 9660 image labelled
 * {@code cidata} holding {@code meta-data} (instance-id, local-hostname), {@code user-data} (as
 * given) and {@code network-config} (version 2: DHCP on the first ethernet), made with
 * {@code genisoimage -volid cidata -joliet -rock} (Debian package {@code genisoimage}; an argument
 * array, within a timeout). The files are written to a private temporary directory that is removed
 * afterwards; the ISO's name is chosen by the library (the VM's UUID), never taken from input. A
 * failure removes what was written; revert removes the ISO.
 *
 * <pre>{@code
 * .step(SEED, new MakeSeed(storage, uuid + "-seed.iso", uuid.toString(), "web1", userData, Duration.ofMinutes(1)))
 * }</pre>
 */
public final class MakeSeed implements Command<DiskImage> {
    /** The most user-data accepted, in bytes (cloud-init's own limit on some platforms is 16 KiB; NoCloud has none). */
    public static final int MAX_USER_DATA = 1 << 20;

    private final Path storage;
    private final String fileName;
    private final String instanceId;
    private final String hostname;
    private final String userData;
    private final Duration timeout;

    public MakeSeed(Path storage, String fileName, String instanceId, String hostname, String userData,
            Duration timeout) {
        this.storage = storage.toAbsolutePath().normalize();
        InvalidInputException.check(fileName != null && fileName.matches("[A-Za-z0-9._-]{1,200}")
                && !fileName.startsWith("."), "seed file name %s is not a plain file name", Visible.quoted(fileName));
        this.fileName = fileName;
        this.instanceId = checkValue("instance-id", instanceId);
        this.hostname = checkValue("hostname", hostname);
        this.userData = checkUserData(userData);
        InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                "timeout must be positive: %s", timeout);
        this.timeout = timeout;
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

    static String genisoimage() {
        return System.getProperty("iaas.genisoimage", "genisoimage");
    }

    @Override
    public DiskImage execute(CommandContext ctx) throws IOException {
        Files.createDirectories(storage);
        Path iso = storage.resolve(fileName);
        if (Files.exists(iso, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(FailureCategory.CONFLICT, "metadata drive " + iso + " already exists");
        }
        Path work = Files.createTempDirectory(storage, ".seed-");
        try {
            Files.writeString(work.resolve("meta-data"), "instance-id: " + instanceId + "\nlocal-hostname: " + hostname
                    + "\n", StandardCharsets.UTF_8);
            Files.writeString(work.resolve("user-data"), userData, StandardCharsets.UTF_8);
            Files.writeString(work.resolve("network-config"), "version: 2\nethernets:\n  nic0:\n    match:\n"
                    + "      name: \"e*\"\n    dhcp4: true\n", StandardCharsets.UTF_8);
            ProcessRunner.Result r;
            try {
                r = ProcessRunner.run(List.of(genisoimage(), "-quiet", "-output", iso.toString(), "-volid", "cidata",
                        "-joliet", "-rock", work.resolve("user-data").toString(), work.resolve("meta-data").toString(),
                        work.resolve("network-config").toString()), ctx.timeLeftOr(timeout));
            } catch (CommandException e) {
                Files.deleteIfExists(iso);
                throw e;
            }
            if (r.exitCode() != 0) {
                Files.deleteIfExists(iso);
                throw new CommandException(FailureCategory.INTERNAL, "genisoimage could not make the metadata drive "
                        + iso + " (exit " + r.exitCode() + "): " + Visible.of(r.stderr().strip()));
            }
            return new DiskImage(iso.toString(), "raw");
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

    @Override
    public void revert(CommandContext ctx, DiskImage result) throws IOException {
        Files.deleteIfExists(Path.of(result.path()));
    }

    /** Only after the death of the process that ran it: the ISO may be whole or partial, its result unrecorded. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return failure instanceof ProcessStoppedException;
    }

    /** Removes the ISO this step makes (its name is the VM's UUID: nobody else's file). */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) throws IOException {
        Files.deleteIfExists(storage.resolve(fileName));
    }
}
