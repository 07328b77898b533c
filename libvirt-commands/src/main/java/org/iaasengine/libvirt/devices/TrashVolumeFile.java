package org.iaasengine.libvirt.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;

/**
 * The first half of a volume delete: renames its file to a hidden name beside it
 * ({@code .<file>.deleting}, an atomic rename in the same directory), so that a later failure can
 * give it back whole; {@link PurgeVolumeFile} removes it as the last step. A file already gone is
 * success (result false). Revert renames it back.
 *
 * <pre>{@code
 * .step(TRASHED, new TrashVolumeFile(Path.of(volume.path())))
 * .step(PURGED, new PurgeVolumeFile(Path.of(volume.path())))
 * }</pre>
 */
public final class TrashVolumeFile implements Command<Boolean> {
    private final Path file;

    public TrashVolumeFile(Path file) {
        this.file = file;
    }

    /** The hidden name the file has between the two halves of its delete. */
    static Path trashOf(Path file) {
        return file.resolveSibling("." + file.getFileName() + ".deleting");
    }

    @Override
    public Boolean execute(CommandContext ctx) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.move(file, trashOf(file), StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    @Override
    public void revert(CommandContext ctx, Boolean moved) throws IOException {
        Path trash = trashOf(file);
        if (Files.exists(trash, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(trash, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public boolean needsRevert(Boolean moved) {
        return Boolean.TRUE.equals(moved);
    }
}
