package org.iaasengine.powervm.commands;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.web.WebFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts an image's bits in the image cache through the REST File API, as pypowervm's
 * {@code upload_new_vdisk} and {@code upload_new_lu} do: when the cache already holds the image
 * ({@code find} gives its disk) nothing is sent and that disk is the result (the cache is shared and
 * reused); else the cache disk is made ({@code create}: a virtual disk, or a logical unit of type
 * {@code VirtualIO_Image}), a {@link WebFile} of type {@code BROKERED_DISK_IMAGE} naming the disk's
 * UDID, the file's size and its SHA-256 is created, the bytes are sent (the server checks the size
 * and the checksum), and the File is deleted. Progress is reported as the bytes go.
 *
 * <p>A retry (a lost answer, a dropped connection) carries on from what the earlier attempt did: a
 * disk it made is taken as its own (not as a cache hit), and the Files an earlier attempt may have
 * made are deleted before a new one is. On a failure it cannot retry, {@link #revertFailed} deletes
 * every File of that name and the partial disk it made, so no half-written image stays in the
 * cache. The result is never reverted: a complete cache entry is shared by later spawns.
 *
 * <pre>{@code
 * Command<DiskRef> cache = new UploadImage(client, viosUuid, image, "i_rhel9",
 *         () -> findCacheDisk(), new CreateVirtualDisk(client, viosUuid, vgUuid, "i_rhel9", 10, Input.of(null)));
 * }</pre>
 */
public final class UploadImage implements Command<DiskRef> {
    private static final Logger LOG = LoggerFactory.getLogger(UploadImage.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final ImageRef image;
    private final String cacheName;
    private final Supplier<DiskRef> find;
    private final Command<DiskRef> create;
    /** Set before the cache disk's creation is sent: a disk of that name is ours from then on. */
    private volatile boolean creating;
    private volatile DiskRef made;
    /** Set before a File is created: Files of that name may be ours from then on. */
    private volatile boolean fileSent;
    private volatile boolean uploaded;

    /**
     * @param find   the cache disk of the image if the cache holds it, else null
     * @param create makes the empty cache disk (retried with the answer lost: it takes the disk of its
     *               name as its own)
     */
    public UploadImage(PowerVmClient client, String viosUuid, ImageRef image, String cacheName,
            Supplier<DiskRef> find, Command<DiskRef> create) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.image = Objects.requireNonNull(image, "image");
        if (!image.uploads()) {
            throw CommandException.invalid("image " + image.name() + " has no file to upload");
        }
        this.cacheName = Objects.requireNonNull(cacheName, "cacheName");
        this.find = Objects.requireNonNull(find, "find");
        this.create = Objects.requireNonNull(create, "create");
    }

    /** The size and SHA-256 of an image file, checked against {@code expected} when it is given. */
    public static Bits bitsOf(ImageRef image) {
        Path file = Path.of(image.file());
        try {
            long size = Files.size(file);
            if (size == 0 || size > (long) image.sizeGb() << 30) {
                throw CommandException.invalid("image file " + file + " of " + size + " bytes does not fit image "
                        + image.name() + " of " + image.sizeGb() + " GB (or is empty)");
            }
            String sha = com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256()).toString();
            if (image.sha256() != null && !image.sha256().equals(sha)) {
                throw CommandException.invalid("image file " + file + " has SHA-256 " + sha + ", not " + image.sha256()
                        + " as image " + image.name() + " says");
            }
            return new Bits(file, size, sha);
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INVALID_INPUT, "cannot read image file " + file, e);
        }
    }

    /** A local file's size and SHA-256. */
    public record Bits(Path file, long size, String sha256) {
    }

    @Override
    public DiskRef execute(CommandContext ctx) throws Exception {
        Bits bits = bitsOf(image);
        if (!creating) {
            DiskRef cached = find.get();
            if (cached != null) {
                LOG.info("image {} is in the cache as {}; nothing to upload", image.name(), cached.name());
                return cached;
            }
        }
        if (made == null) {
            boolean first = !creating;
            creating = true;
            try {
                made = create.execute(ctx);
            } catch (CommandException e) {
                if (first && e.category() == FailureCategory.CONFLICT) {
                    creating = false; // nothing of ours was written: a disk of that name is another's
                }
                throw e;
            }
        }
        if (!uploaded) {
            if (fileSent) {
                client.files().deleteNamed(cacheName); // a File an earlier attempt made and lost
            }
            fileSent = true;
            Entry<WebFile> file = client.files().create(WebFile.of(cacheName, WebFile.DISK_IMAGE, viosUuid,
                    bits.sha256(), bits.size(), made.udid()));
            ctx.progress(0, "uploading " + bits.size() + " bytes of image " + image.name() + " into " + cacheName);
            long[] lastTenth = {0};
            client.files().upload(file.value(), bits.file(), sent -> {
                long tenth = sent * 10 / bits.size();
                if (tenth > lastTenth[0]) {
                    lastTenth[0] = tenth;
                    ctx.progress(Math.min(1.0, (double) sent / bits.size()), "sent " + sent + " of " + bits.size()
                            + " bytes of image " + image.name());
                }
            });
            uploaded = true;
            client.files().delete(file.value().fileUuid);
        } else {
            client.files().deleteNamed(cacheName); // the delete's answer was lost, or it failed
        }
        LOG.info("uploaded image {} ({} bytes, sha256 {}) into {}", image.name(), bits.size(), bits.sha256(),
                made.name());
        return made;
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        if (fileSent) {
            int n = client.files().deleteNamed(cacheName);
            LOG.info("deleted {} File(s) {} after a failed upload", n, cacheName);
        }
        if (creating) {
            DiskRef partial = made != null ? made : find.get();
            if (partial != null) {
                DeleteDisk.remove(client, partial);
            }
        }
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return creating || fileSent;
    }

    @Override
    public String name() {
        return "UploadImage(" + cacheName + ")";
    }
}
