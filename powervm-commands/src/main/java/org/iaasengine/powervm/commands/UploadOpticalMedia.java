package org.iaasengine.powervm.commands;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Entry;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualOpticalMedia;
import org.iaasengine.powervm.xml.web.WebFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a local ISO as virtual optical media {@code name} into the VIOS's media repository
 * through the REST File API, as pypowervm's {@code upload_vopt}: a {@link WebFile} of type
 * {@code BROKERED_MEDIA_ISO} with the ISO's size and SHA-256, its bytes, the File deleted; then the
 * medium is read back from the repository (its UDID, for the mapping). Fails CONFLICT if a medium of
 * that name exists before the command sent anything. The local ISO is removed once the medium is on
 * the VIOS. Revert removes the medium; a failure that is not retried removes every File of that
 * name and the medium if this command sent its bytes.
 *
 * <pre>{@code
 * .step(CONFIG_MEDIA, new UploadOpticalMedia(client, viosUuid, "cfg_web1", Input.from(CONFIG_ISO)))
 * }</pre>
 */
public final class UploadOpticalMedia implements Command<DiskRef> {
    private static final Logger LOG = LoggerFactory.getLogger(UploadOpticalMedia.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final String mediaName;
    private final Input<String> iso;
    /** Set before a File is created: Files and a medium of this name are ours from then on. */
    private volatile boolean fileSent;
    private volatile boolean uploaded;

    public UploadOpticalMedia(PowerVmClient client, String viosUuid, String mediaName, Input<String> iso) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        if (mediaName == null || !mediaName.matches("[A-Za-z0-9_.-]{1,37}")) {
            throw CommandException.invalid("optical media name must be 1 to 37 of A-Z a-z 0-9 _ . -, was '"
                    + mediaName + "'");
        }
        this.mediaName = mediaName;
        this.iso = Objects.requireNonNull(iso, "iso");
    }

    @Override
    public DiskRef execute(CommandContext ctx) throws IOException {
        String vg = MediaRepository.groupOf(client, viosUuid);
        if (!uploaded) {
            if (!fileSent && MediaRepository.media(client, viosUuid, vg, mediaName).isPresent()) {
                throw new CommandException(FailureCategory.CONFLICT, "the media repository of VIOS " + viosUuid
                        + " already has a medium named '" + mediaName + "'");
            }
            Path file = Path.of(iso.resolve(ctx));
            long size = Files.size(file);
            String sha = com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256()).toString();
            if (fileSent) {
                client.files().deleteNamed(mediaName); // a File an earlier attempt made and lost
                MediaRepository.remove(client, viosUuid, vg, mediaName); // bytes an earlier attempt sent
            }
            fileSent = true;
            Entry<WebFile> f = client.files().create(WebFile.of(mediaName, WebFile.MEDIA_ISO, viosUuid, sha, size,
                    null));
            client.files().upload(f.value(), file, sent -> ctx.progress((double) sent / size,
                    "sent " + sent + " of " + size + " bytes of " + mediaName));
            uploaded = true;
            client.files().delete(f.value().fileUuid);
            BuildConfigDrive.remove(file.toString());
        } else {
            client.files().deleteNamed(mediaName); // the delete's answer was lost, or it failed
            BuildConfigDrive.remove(iso.resolve(ctx));
        }
        VirtualOpticalMedia m = MediaRepository.media(client, viosUuid, vg, mediaName)
                .orElseThrow(() -> new CommandException(FailureCategory.INTERNAL, "medium " + mediaName
                        + " is not in the media repository after its upload"));
        LOG.info("uploaded optical media {} to VIOS {}", mediaName, viosUuid);
        return new DiskRef(DiskRef.Kind.VIRTUAL_OPTICAL, vg, viosUuid, mediaName, m.mediaUdid,
                m.size == null ? 0 : m.size);
    }

    @Override
    public void revert(CommandContext ctx, DiskRef media) {
        MediaRepository.remove(client, viosUuid, media.container(), mediaName);
    }

    @Override
    public boolean undoesFailure(Throwable failure) {
        return fileSent;
    }

    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) {
        client.files().deleteNamed(mediaName);
        Optional.of(MediaRepository.groupOf(client, viosUuid))
                .ifPresent(vg -> MediaRepository.remove(client, viosUuid, vg, mediaName));
    }

    @Override
    public String name() {
        return "UploadOpticalMedia(" + mediaName + ")";
    }
}
