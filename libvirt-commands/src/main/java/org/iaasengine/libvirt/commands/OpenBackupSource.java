package org.iaasengine.libvirt.commands;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Key;
import org.iaasengine.core.Poll;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.driver.Absence;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.LibvirtError;
import org.iaasengine.libvirt.images.BackupSource;
import org.iaasengine.libvirt.images.BackupSource.Consistency;
import org.iaasengine.libvirt.images.ImageStore;
import org.iaasengine.libvirt.spec.DiskImage;
import org.iaasengine.libvirt.xml.Disk;
import org.iaasengine.libvirt.xml.DomainBackupXml;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;

/**
 * Gives a backup a consistent point to read from. A shut-off VM's disk is read as it is. A running
 * (or paused) VM gets a push-mode backup job ({@link LibvirtDriver#backupBegin}): QEMU copies the
 * disk as it was at this instant into the image store's point file ({@link ImageStore#pointFile},
 * qcow2) while the guest runs on; {@link AwaitBackupCopy} waits for it. Where the hypervisor has no
 * backup job ({@link LibvirtError#NO_SUPPORT}, e.g. libvirt's test driver), a running VM's CPUs are
 * paused for the copy instead, and a VM already paused is read as it is. Other states (crashed,
 * being migrated) are a CONFLICT; an image name already in use too.
 *
 * <p>Revert: aborts a backup job still running and removes the point file; resumes what this step
 * paused. The same runs after any failure of this step (a lost reply may have started the job),
 * so a backup that failed at once leaves neither a job nor a file.
 *
 * <pre>{@code
 * .step(BACKUP_SOURCE, new OpenBackupSource(driver, images, "web1-monday", "web1", SOURCE))
 * }</pre>
 */
public final class OpenBackupSource implements Command<BackupSource> {
    /** How long a revert waits for an aborted backup job to end before it removes the file anyway. */
    private static final Duration ABORT_WAIT = Duration.ofSeconds(10);

    private final LibvirtDriver driver;
    private final ImageStore images;
    private final String image;
    private final String name;
    private final Key<DiskImage> disk;

    /**
     * @param image the backup image's name (its point file is named after it)
     * @param name  the VM
     * @param disk  the step whose result is the VM's disk
     */
    public OpenBackupSource(LibvirtDriver driver, ImageStore images, String image, String name, Key<DiskImage> disk) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.images = Objects.requireNonNull(images, "images");
        this.image = ImageStore.checkName(image);
        this.name = name;
        this.disk = Objects.requireNonNull(disk, "disk");
    }

    @Override
    public BackupSource execute(CommandContext ctx) throws IOException {
        DiskImage own = ctx.get(disk);
        DomainState s = driver.state(name).state();
        if (s == DomainState.SHUTOFF) {
            return new BackupSource(own, Consistency.STOPPED, false);
        }
        if (s != DomainState.RUNNING && s != DomainState.BLOCKED && s != DomainState.PAUSED) {
            throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is " + s.virshName() + " on "
                    + driver.uri() + "; a backup needs it running, paused or shut off");
        }
        Path point = images.pointFile(image);
        if (images.occupied(image) || Files.exists(point)) {
            throw new CommandException(FailureCategory.CONFLICT, "image " + Visible.quoted(image)
                    + " already exists (or is being made) in image store " + images.dir());
        }
        Files.createDirectories(images.dir());
        String target = targetOf(own);
        driver.finishedJob(name); // forget an earlier job's record: the one read after the copy is this one's
        try {
            driver.backupBegin(name, DomainBackupXml.push(target, point.toString(), "qcow2").toXml());
            return new BackupSource(new DiskImage(point.toString(), "qcow2"), Consistency.POINT_IN_TIME, false);
        } catch (DriverException e) {
            if (e.error() != LibvirtError.NO_SUPPORT && e.error() != LibvirtError.OPERATION_UNSUPPORTED) {
                throw e;
            }
        }
        if (s == DomainState.PAUSED) {
            return new BackupSource(own, Consistency.PAUSED, false);
        }
        driver.suspend(name);
        return new BackupSource(own, Consistency.PAUSED, true);
    }

    private String targetOf(DiskImage own) {
        DomainXml live = DomainXmlCodec.fromXml(driver.dumpXml(name, false));
        for (Disk d : live.devices().disks()) {
            if (d.sourceFile().filter(own.path()::equals).isPresent() && d.targetDev().isPresent()) {
                return d.targetDev().get();
            }
        }
        throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' on " + driver.uri()
                + " no longer has its disk " + own.path() + " in its live definition");
    }

    @Override
    public void revert(CommandContext ctx, BackupSource source) throws IOException {
        if (source.consistency() == Consistency.POINT_IN_TIME) {
            endCopy(ctx);
        } else if (source.resume()) {
            Drivers.unlessInvalidState(() -> driver.resume(name));
        }
    }

    @Override
    public boolean needsRevert(BackupSource source) {
        return source.consistency() == Consistency.POINT_IN_TIME || source.resume();
    }

    /** Any failure: a lost reply may have started the job or paused the VM; a dead process may have done either. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return true;
    }

    /**
     * Ends a backup job this step may have started and removes its point file; after the death of
     * the process that ran it, also resumes a paused VM (it may have been paused, unrecorded; a VM
     * paused by someone else in that instant is resumed too: a paused guest nobody resumes is the
     * worse outcome).
     */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) throws IOException {
        endCopy(ctx);
        if (failure instanceof ProcessStoppedException
                && Absence.emptyIfNoDomain(() -> driver.state(name)).filter(st -> st.state() == DomainState.PAUSED)
                        .isPresent()) {
            Drivers.unlessInvalidState(() -> driver.resume(name));
        }
    }

    /** Aborts a running job of the domain (a backup: the action holds the VM), waits for it to end, removes the file. */
    private void endCopy(CommandContext ctx) throws IOException {
        if (Absence.emptyIfNoJob(() -> driver.jobProgress(name)).isPresent()) {
            Drivers.unlessInvalidState(() -> driver.abortJob(name));
            Retry every100ms = Retry.builder().fixedDelay(Duration.ofMillis(100)).jitter(0)
                    .maxAttempts(Integer.MAX_VALUE).maxDuration(ABORT_WAIT).retryOn(FailureCategory.TRANSIENT).build();
            try {
                Poll.until(() -> driver.jobProgress(name).isEmpty(), every100ms, ctx);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            driver.finishedJob(name);
        }
        Files.deleteIfExists(images.pointFile(image));
    }
}
