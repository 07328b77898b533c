package org.iaasengine.libvirt.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Key;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.core.Visible;
import org.iaasengine.core.exec.Execution;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.core.exec.ProcessSpec;
import org.iaasengine.libvirt.images.BackupImage;
import org.iaasengine.libvirt.images.BackupSource;
import org.iaasengine.libvirt.images.ImageStore;
import org.iaasengine.libvirt.spec.DiskImage;

/**
 * Copies a VM's disk into the image store as a compressed qcow2
 * ({@code qemu-img convert -p -c -O qcow2}, an argument array, within a timeout), then records its
 * size and SHA-256 in the image's sidecar. The copy is written to {@code <name>.qcow2.part},
 * renamed to {@code <name>.qcow2} when whole, and the sidecar written last: an image is in the
 * store only once it is complete and checksummed. Progress events follow qemu-img's {@code -p}
 * output. A failure, a timeout or a cancel (the action's, or an interrupt: qemu-img is killed)
 * removes every file this step wrote before the failure is reported; revert removes the image.
 *
 * <p>The source holds still while it is read ({@link OpenBackupSource}): the VM is shut off, or
 * the source is QEMU's point-in-time copy of the running disk, or the VM's CPUs are paused, in
 * which case qemu-img is told to share the image QEMU holds open ({@code -U}): QEMU flushed its
 * writes when it paused and writes nothing while paused.
 *
 * <pre>{@code
 * .step(IMAGE, new BackupDisk(images, "web1-monday", "web1", BACKUP_SOURCE, Duration.ofMinutes(30)))
 * }</pre>
 */
public final class BackupDisk implements Command<BackupImage> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PROGRESS = Pattern.compile("\\((\\d+(?:\\.\\d+)?)/100%\\)");
    /** How often the command looks up from qemu-img to see whether it was cancelled. */
    private static final Duration LOOK_UP = Duration.ofMillis(200);

    private final ImageStore images;
    private final String name;
    private final String vm;
    private final Key<BackupSource> source;
    private final Duration timeout;

    /**
     * @param images  the image store
     * @param name    the image's name (checked: {@link ImageStore#checkName})
     * @param vm      the VM the disk belongs to (recorded in the sidecar)
     * @param source  the step whose result is what to read and how it holds still (paused: QEMU
     *                holds the disk open, qemu-img then reads with {@code -U})
     * @param timeout how long qemu-img may run
     */
    public BackupDisk(ImageStore images, String name, String vm, Key<BackupSource> source, Duration timeout) {
        this.images = Objects.requireNonNull(images, "images");
        this.name = ImageStore.checkName(name);
        this.vm = vm;
        this.source = Objects.requireNonNull(source, "source");
        InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                "timeout must be positive: %s", timeout);
        this.timeout = timeout;
    }

    @Override
    public BackupImage execute(CommandContext ctx) throws IOException {
        BackupSource src = ctx.get(source);
        DiskImage disk = src.disk();
        boolean share = src.consistency() == BackupSource.Consistency.PAUSED;
        if (images.occupied(name)) {
            throw new CommandException(FailureCategory.CONFLICT, "image " + Visible.quoted(name)
                    + " already exists in image store " + images.dir());
        }
        Files.createDirectories(images.dir());
        Path part = images.partialFile(name);
        try {
            convert(ctx, disk, share, part);
            ctx.checkCancelled();
            long virtualSize = virtualSize(part, ctx);
            ctx.progress(1.0, "checksumming " + part.getFileName());
            long size = Files.size(part);
            String sum = ImageStore.sha256(part);
            ctx.checkCancelled();
            images.promote(name);
            BackupImage rec = new BackupImage(name, "qcow2", size, sum, virtualSize, vm, src.consistency().word(),
                    Instant.now().toString());
            images.writeSidecar(rec);
            return rec;
        } catch (IOException | RuntimeException e) {
            removeQuietly(e);
            throw e;
        }
    }

    private void convert(CommandContext ctx, DiskImage disk, boolean share, Path part) throws IOException {
        List<String> argv = new ArrayList<>(List.of(CopyTemplate.qemuImg(), "convert", "-p", "-c"));
        if (share) {
            argv.add("-U");
        }
        argv.addAll(List.of("-f", disk.format(), "-O", "qcow2", disk.path(), part.toString()));
        Duration budget = ctx.timeLeftOr(timeout);
        ProgressSink sink = new ProgressSink(ctx);
        try (ProcessRunner runner = ProcessRunner.create("qemu-img-backup", ctx.scheduler())) {
            Execution ex = runner.start(ProcessSpec.of(argv, budget), sink);
            try {
                while (!ex.await(LOOK_UP)) {
                    if (ctx.isCancelled()) {
                        ex.kill();
                        ex.await(ProcessRunner.KILL_GRACE);
                        throw new CommandException(FailureCategory.CANCELLED, "backup of vm '" + vm + "' to image "
                                + Visible.quoted(name) + " was cancelled; qemu-img killed");
                    }
                }
            } catch (InterruptedException e) {
                ex.kill();
                Thread.currentThread().interrupt();
                throw new CommandException(FailureCategory.CANCELLED, "backup of vm '" + vm + "' to image "
                        + Visible.quoted(name) + " was interrupted; qemu-img killed", e);
            }
            ProcessRunner.Result r = ex.result();
            if (r.exitCode() != 0) {
                throw new CommandException(FailureCategory.INTERNAL, "qemu-img could not copy " + disk.path()
                        + " to image " + Visible.quoted(name) + " (exit " + r.exitCode() + "): "
                        + Visible.of(r.stderr().strip()));
            }
        }
    }

    private long virtualSize(Path image, CommandContext ctx) {
        ProcessRunner.Result r = ProcessRunner.run(List.of(CopyTemplate.qemuImg(), "info", "--output=json", "-f",
                "qcow2", image.toString()), ctx.timeLeftOr(timeout));
        if (r.exitCode() != 0) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info of the new image " + image
                    + " failed (exit " + r.exitCode() + "): " + Visible.of(r.stderr().strip()));
        }
        try {
            JsonNode n = JSON.readTree(r.stdout());
            return n.path("virtual-size").asLong();
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info of " + image + " is not JSON", e);
        }
    }

    private void removeQuietly(Throwable failure) {
        try {
            images.remove(name);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void revert(CommandContext ctx, BackupImage result) throws IOException {
        images.remove(result.name());
    }

    /** Only after the death of the process that ran it: a partial file or a whole image may be left. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return failure instanceof ProcessStoppedException;
    }

    /** Removes the files of this image (its name was checked to be free when the step began). */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) throws IOException {
        images.remove(name);
    }

    /** Reads qemu-img's {@code -p} output ({@code "    (12.34/100%)\r"}) and reports each new percent. */
    private static final class ProgressSink extends OutputStream {
        private final CommandContext ctx;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private int lastPercent = -1;

        ProgressSink(CommandContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void write(int b) {
            if (b == '\r' || b == '\n') {
                flushLine();
            } else if (line.size() < 256) {
                line.write(b);
            }
        }

        private void flushLine() {
            Matcher m = PROGRESS.matcher(line.toString(StandardCharsets.US_ASCII));
            line.reset();
            if (m.find()) {
                double pct = Double.parseDouble(m.group(1));
                int whole = (int) pct;
                if (whole != lastPercent) {
                    lastPercent = whole;
                    ctx.progress(Math.min(pct / 100.0, 1.0) * 0.99, "copying disk: " + whole + "%");
                }
            }
        }

        @Override
        public void close() {
            flushLine();
        }
    }
}
