package org.iaasengine.powervm.commands;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.web.WebFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a disk's bytes to a local image file through the REST File API: a {@link WebFile} of type
 * {@code BROKERED_DISK_IMAGE} naming the disk's UDID (its expected size the disk's capacity), a
 * download of its contents ({@code GET web/File/contents/<FileUUID>}) into {@code <target>.part}
 * with progress, the File deleted, the SHA-256 of the bytes computed, and the part file moved to
 * {@code target} (never replacing a file there: CONFLICT). The result is the image, with its file and
 * checksum: a later spawn of it uploads it when a host's cache lacks it. Revert deletes the image
 * file; a failure that is not retried deletes every File of this name and the partial file.
 *
 * <pre>{@code
 * ImageRef image = new DownloadDisk(client, viosUuid, Input.from(DISK), "web1-snap", Path.of("/srv/images")).execute(ctx);
 * }</pre>
 */
public final class DownloadDisk implements Command<ImageRef> {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadDisk.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final Input<DiskRef> disk;
    private final String imageName;
    private final Path target;
    private final String fileName;
    /** Set before a File is created: Files of that name and the part file are ours from then on. */
    private volatile boolean fileSent;

    /** {@code directory} (absolute) receives {@code <imageName>.raw}. */
    public DownloadDisk(PowerVmClient client, String viosUuid, Input<DiskRef> disk, String imageName,
            Path directory) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.disk = Objects.requireNonNull(disk, "disk");
        this.imageName = new ImageRef(imageName, 1).name();
        if (directory == null || !directory.isAbsolute()) {
            throw CommandException.invalid("snapshot directory must be an absolute path, was '" + directory + "'");
        }
        this.target = directory.resolve(imageName + ".raw");
        this.fileName = "s_" + imageName;
    }

    private Path part() {
        return target.resolveSibling(target.getFileName() + ".part");
    }

    @Override
    public ImageRef execute(CommandContext ctx) throws IOException {
        DiskRef d = disk.resolve(ctx);
        if (!fileSent && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(FailureCategory.CONFLICT, "image file " + target + " exists already");
        }
        Files.createDirectories(target.getParent());
        if (fileSent) {
            client.files().deleteNamed(fileName); // a File an earlier attempt made and lost
        }
        fileSent = true;
        long capacity = (long) Math.ceil(d.sizeGb() * (1L << 30));
        Entry<WebFile> f = client.files().create(WebFile.of(fileName, WebFile.DISK_IMAGE, viosUuid, null, capacity,
                d.udid()));
        long[] lastTenth = {0};
        Files.deleteIfExists(part()); // what an earlier attempt read is read again
        client.files().download(f.value(), part(), capacity, got -> {
            long tenth = got * 10 / Math.max(1, capacity);
            if (tenth > lastTenth[0]) {
                lastTenth[0] = tenth;
                ctx.progress(Math.min(1.0, (double) got / capacity), "read " + got + " bytes of disk " + d.name());
            }
        });
        client.files().delete(f.value().fileUuid);
        long size = Files.size(part());
        if (size == 0) {
            Files.deleteIfExists(part());
            throw new CommandException(FailureCategory.INVALID_INPUT, "disk " + d.name() + " holds no bytes to copy");
        }
        String sha = com.google.common.io.Files.asByteSource(part().toFile()).hash(Hashing.sha256()).toString();
        Files.move(part(), target, StandardCopyOption.ATOMIC_MOVE);
        ctx.progress(1.0, "copied " + size + " bytes of disk " + d.name() + " to " + target);
        LOG.info("copied disk {} ({} bytes, sha256 {}) to image {}", d.name(), size, sha, target);
        return new ImageRef(imageName, (int) Math.max(1, Math.ceil(d.sizeGb())), target.toString(), sha);
    }

    @Override
    public void revert(CommandContext ctx, ImageRef image) throws IOException {
        Files.deleteIfExists(Path.of(image.file()));
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return fileSent;
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) throws IOException {
        Files.deleteIfExists(part());
        client.files().deleteNamed(fileName);
    }

    @Override
    public String name() {
        return "DownloadDisk(" + imageName + ")";
    }
}
