package org.iaasengine.libvirt.devices;

import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;

/** The check of a volume id: it names the volume's file, so it must be a plain, short file name. */
public final class VolumeIds {
    private VolumeIds() {
    }

    /**
     * Returns {@code id} if it is 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, not
     * starting with {@code .} or {@code -}; else an {@link InvalidInputException} naming it.
     */
    public static String check(String id) {
        InvalidInputException.check(id != null && id.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,63}"),
                "volume id %s must be 1-64 letters, digits, '.', '_' or '-', not starting with '.' or '-'",
                Visible.quoted(id));
        return id;
    }
}
