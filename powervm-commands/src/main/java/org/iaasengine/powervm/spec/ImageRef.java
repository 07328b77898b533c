package org.iaasengine.powervm.spec;

import java.util.regex.Pattern;
import org.iaasengine.core.CommandException;

/**
 * An image to boot from: a name and its size in GB. Checked on construction.
 *
 * <pre>{@code
 * ImageRef image = new ImageRef("rhel9", 10);
 * }</pre>
 *
 * @param name   image name (1-64 letters, digits, '_', '.', '-')
 * @param sizeGb image size in GB
 */
public record ImageRef(String name, int sizeGb) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public ImageRef {
        if (name == null || !NAME.matcher(name).matches()) {
            throw CommandException.invalid("image name must be 1 to 64 letters, digits, '_', '.' or '-', was '" + name
                    + "'");
        }
        Validate.diskGb(sizeGb);
    }
}
