package org.iaasengine.powervm.spec;

import java.util.Objects;
import org.iaasengine.core.CommandException;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.uploadImage} action: put an image's bits in the image cache of a
 * host's disk driver ahead of any spawn (a spawn of an image with a file does the same when the
 * cache lacks it). The image must have a file.
 *
 * <pre>{@code
 * engine.run(UploadImageAction.plan(host, disks, new UploadImageRequest("sys-a",
 *         new ImageRef("rhel9", 10, "/var/lib/images/rhel9.raw", null))));
 * }</pre>
 *
 * @param host  the host's model name
 * @param image the image, with its file
 */
public record UploadImageRequest(String host, ImageRef image) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.uploadImage";

    public UploadImageRequest {
        Validate.hostName(host);
        Objects.requireNonNull(image, "image");
        if (!image.uploads()) {
            throw CommandException.invalid("image " + image.name() + " to upload has no file");
        }
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.host(host);
    }
}
