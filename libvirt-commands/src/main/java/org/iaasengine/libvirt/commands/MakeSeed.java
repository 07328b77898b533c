package org.iaasengine.libvirt.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.core.Visible;
import org.iaasengine.core.seed.NoCloudSeed;
import org.iaasengine.libvirt.spec.DiskImage;

/**
 * Builds a VM's metadata drive: a cloud-init NoCloud seed, an ISO 9660 image labelled
 * {@code cidata} holding {@code meta-data} (instance-id, local-hostname), {@code user-data} (as
 * given) and {@code network-config} (version 2: DHCP on the first ethernet), made with
 * {@code genisoimage -volid cidata -joliet -rock} (Debian package {@code genisoimage}; an argument
 * array, within a timeout), as {@link NoCloudSeed} writes it. The files are written to a private
 * temporary directory that is removed afterwards; the ISO's name is chosen by the library (the VM's UUID), never taken from input. A
 * failure removes what was written; revert removes the ISO.
 *
 * <pre>{@code
 * .step(SEED, new MakeSeed(storage, uuid + "-seed.iso", uuid.toString(), "web1", userData, Duration.ofMinutes(1)))
 * }</pre>
 */
public final class MakeSeed implements Command<DiskImage> {
    /** The most user-data accepted, in bytes (cloud-init's own limit on some platforms is 16 KiB; NoCloud has none). */
    public static final int MAX_USER_DATA = NoCloudSeed.MAX_USER_DATA;

    private final Path storage;
    private final String fileName;
    private final NoCloudSeed seed;
    private final Duration timeout;

    public MakeSeed(Path storage, String fileName, String instanceId, String hostname, String userData,
            Duration timeout) {
        this.storage = storage.toAbsolutePath().normalize();
        InvalidInputException.check(fileName != null && fileName.matches("[A-Za-z0-9._-]{1,200}")
                && !fileName.startsWith("."), "seed file name %s is not a plain file name", Visible.quoted(fileName));
        this.fileName = fileName;
        this.seed = NoCloudSeed.of(instanceId, hostname, userData);
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
        return NoCloudSeed.checkUserData(userData);
    }

    @Override
    public DiskImage execute(CommandContext ctx) throws IOException {
        Path iso = storage.resolve(fileName);
        seed.writeIso(iso, ctx.timeLeftOr(timeout));
        return new DiskImage(iso.toString(), "raw");
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
