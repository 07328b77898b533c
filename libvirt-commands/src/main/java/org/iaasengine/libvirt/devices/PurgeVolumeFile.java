package org.iaasengine.libvirt.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;

/**
 * The last step of a volume delete: removes the file {@link TrashVolumeFile} set aside.
 * Idempotent; nothing to revert: it is the point of no return.
 */
public final class PurgeVolumeFile implements Command<Boolean> {
    private final Path file;

    public PurgeVolumeFile(Path file) {
        this.file = file;
    }

    @Override
    public Boolean execute(CommandContext ctx) throws IOException {
        return Files.deleteIfExists(TrashVolumeFile.trashOf(file));
    }
}
