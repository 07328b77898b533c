package org.iaasengine.libvirt.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.Key;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.images.BackupSource;

/**
 * After the image is made: removes the point-in-time copy, or resumes the VM that
 * {@link OpenBackupSource} paused. Returns true if it did either. Idempotent; no revert (the image
 * is whole by now; a later failure's revert of {@link OpenBackupSource} finds nothing left to do).
 *
 * <pre>{@code
 * .step(CLOSED, new CloseBackupSource(driver, "web1", BACKUP_SOURCE))
 * }</pre>
 */
public final class CloseBackupSource implements Command<Boolean> {
    private final LibvirtDriver driver;
    private final String name;
    private final Key<BackupSource> source;

    public CloseBackupSource(LibvirtDriver driver, String name, Key<BackupSource> source) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.name = name;
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public Boolean execute(CommandContext ctx) throws IOException {
        BackupSource src = ctx.get(source);
        return switch (src.consistency()) {
            case POINT_IN_TIME -> Files.deleteIfExists(Path.of(src.disk().path()));
            case PAUSED -> src.resume() && Drivers.unlessInvalidState(() -> driver.resume(name));
            case STOPPED -> false;
        };
    }
}
