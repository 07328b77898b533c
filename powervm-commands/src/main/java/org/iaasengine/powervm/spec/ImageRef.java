package org.iaasengine.powervm.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.regex.Pattern;
import org.iaasengine.core.CommandException;

/**
 * An image to boot from: a name, its size in GB and, optionally, where its bits are. Checked on
 * construction. An image without a {@code file} must be staged by hand in the image cache (the
 * disk drivers create an empty cache disk for it, as before); with a {@code file} (a local raw
 * image) the disk drivers upload its bits through the REST File API when the cache lacks it, with
 * its SHA-256 checked ({@code sha256}, when given, must match the file's; the server checks the
 * bytes it got against it).
 *
 * <pre>{@code
 * ImageRef staged = new ImageRef("rhel9", 10);
 * ImageRef uploaded = new ImageRef("rhel9", 10, "/var/lib/images/rhel9.raw", null);
 * }</pre>
 *
 * @param name   image name (1-64 letters, digits, '_', '.', '-')
 * @param sizeGb image size in GB (its cache disk's size; at least the file's size)
 * @param file   the local file of the image's bits, or null when the image is staged by hand
 * @param sha256 the SHA-256 of the file (64 hex digits), or null to compute it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageRef(String name, int sizeGb, String file, String sha256) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ImageRef {
        if (name == null || !NAME.matcher(name).matches()) {
            throw CommandException.invalid("image name must be 1 to 64 letters, digits, '_', '.' or '-', was '" + name
                    + "'");
        }
        Validate.diskGb(sizeGb);
        if (file != null && file.isBlank()) {
            throw CommandException.invalid("image file of " + name + " must not be blank");
        }
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            throw CommandException.invalid("image SHA-256 must be 64 lower-case hex digits, was '" + sha256 + "'");
        }
        if (sha256 != null && file == null) {
            throw CommandException.invalid("image " + name + " has a SHA-256 but no file");
        }
    }

    /** An image staged by hand in the cache. */
    public ImageRef(String name, int sizeGb) {
        this(name, sizeGb, null, null);
    }

    /**
     * The image of its JSON: {@code file} and {@code sha256} may be left out (requests journaled
     * before images had them read as before).
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ImageRef fromJson(Json json) {
        return new ImageRef(json.name, json.sizeGb, json.file, json.sha256);
    }

    /** The JSON fields of an image, each optional to the reader (the constructor checks them). */
    static final class Json {
        public String name;
        public int sizeGb;
        public String file;
        public String sha256;
    }

    /** True when the image's bits are to be uploaded from {@link #file} when the cache lacks them. */
    public boolean uploads() {
        return file != null;
    }
}
