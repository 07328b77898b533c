package org.iaasengine.libvirt.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Key;
import org.iaasengine.core.Poll;
import org.iaasengine.core.Retry;
import org.iaasengine.libvirt.driver.FinishedJob;
import org.iaasengine.libvirt.driver.JobProgress;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.images.BackupSource;

/**
 * Waits for the point-in-time copy {@link OpenBackupSource} started to finish: polls the domain's
 * job ({@link LibvirtDriver#jobProgress}, progress events from it) until none runs, then reads the
 * finished job ({@link LibvirtDriver#finishedJob}): a backup that completed, and its file there, is
 * success; a failed or cancelled one is INTERNAL with libvirt's message. TIMEOUT when the copy
 * outlasts {@code timeout} or the action's deadline; CANCELLED on a cancel. Nothing to wait for
 * when the source is not a point-in-time copy ({@code false}). No revert of its own: the job and
 * the file are {@link OpenBackupSource}'s.
 *
 * <pre>{@code
 * .step(COPIED, new AwaitBackupCopy(driver, "web1", BACKUP_SOURCE, Duration.ofMinutes(30)))
 * }</pre>
 */
public final class AwaitBackupCopy implements Command<Boolean> {
    static final Duration POLL = Duration.ofMillis(100);

    private final LibvirtDriver driver;
    private final String name;
    private final Key<BackupSource> source;
    private final Duration timeout;

    public AwaitBackupCopy(LibvirtDriver driver, String name, Key<BackupSource> source, Duration timeout) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.name = name;
        this.source = Objects.requireNonNull(source, "source");
        InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                "timeout must be positive: %s", timeout);
        this.timeout = timeout;
    }

    @Override
    public Boolean execute(CommandContext ctx) {
        BackupSource src = ctx.get(source);
        if (src.consistency() != BackupSource.Consistency.POINT_IN_TIME) {
            return false;
        }
        Retry every100ms = Retry.builder().fixedDelay(POLL).jitter(0).maxAttempts(Integer.MAX_VALUE)
                .maxDuration(ctx.timeLeftOr(timeout)).retryOn(FailureCategory.TRANSIENT).build();
        boolean ended;
        try {
            ended = Poll.until(() -> {
                var p = driver.jobProgress(name);
                p.filter(j -> j.dataTotal() > 0).ifPresent(j -> ctx.progress(j.fraction() * 0.5,
                        "point-in-time copy: " + Math.round(j.fraction() * 100) + "%"));
                return p.isEmpty();
            }, every100ms, ctx);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandException(FailureCategory.CANCELLED, "interrupted while vm '" + name
                    + "''s disk was being copied for a backup on " + driver.uri(), e);
        }
        ctx.checkCancelled();
        if (!ended) {
            throw new CommandException(FailureCategory.TIMEOUT, "the point-in-time copy of vm '" + name + "' on "
                    + driver.uri() + " did not finish within " + timeout.toMillis() + " ms");
        }
        FinishedJob job = driver.finishedJob(name).orElseThrow(() -> new CommandException(FailureCategory.INTERNAL,
                "libvirt kept no record of the backup job of vm '" + name + "' on " + driver.uri()
                        + " (did the VM stop during the copy?)"));
        if (!job.backupCompleted()) {
            throw new CommandException(FailureCategory.INTERNAL, "the backup job of vm '" + name + "' on "
                    + driver.uri() + " ended " + job.outcome() + " (" + job.operation() + ")"
                    + (job.error().isEmpty() ? "" : ": " + job.error()));
        }
        Path copy = Path.of(src.disk().path());
        if (!Files.isRegularFile(copy)) {
            throw new CommandException(FailureCategory.INTERNAL, "the backup job of vm '" + name
                    + "' completed but its copy " + copy + " is not there");
        }
        return true;
    }
}
