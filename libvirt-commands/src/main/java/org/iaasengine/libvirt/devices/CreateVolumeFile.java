package org.iaasengine.libvirt.devices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.libvirt.commands.CopyTemplate;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.spec.CopyMode;
import org.iaasengine.libvirt.spec.DiskImage;

/**
 * Makes a volume's file in the host's storage directory, named after the volume's id
 * ({@code <id>.qcow2}, never a name from elsewhere): a blank qcow2 of {@code sizeBytes}
 * ({@code qemu-img create -f qcow2}), or a linked qcow2 clone of a template ({@link CopyTemplate},
 * with its checks of the template). A file already there is a CONFLICT and is not touched. A failed
 * or killed {@code qemu-img} leaves no partial file; revert deletes the file.
 *
 * <pre>{@code
 * new CreateVolumeFile(storage, "data1", 1L << 30, null, null, Duration.ofMinutes(5))           // blank, 1 GiB
 * new CreateVolumeFile(storage, "root2", 0, templates, "base.qcow2", Duration.ofMinutes(5))     // from a template
 * }</pre>
 */
public final class CreateVolumeFile implements Command<VolumeFile> {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path storage;
    private final Path file;
    private final long sizeBytes;
    private final Path templates;
    private final String template;
    private final Duration timeout;

    /** {@code template} null: a blank volume of {@code sizeBytes}; else a clone of it ({@code sizeBytes} ignored). */
    public CreateVolumeFile(Path storage, String id, long sizeBytes, Path templates, String template,
            Duration timeout) {
        this.storage = storage.toAbsolutePath().normalize();
        this.file = this.storage.resolve(VolumeIds.check(id) + ".qcow2");
        this.sizeBytes = sizeBytes;
        this.templates = templates;
        this.template = template;
        this.timeout = timeout;
        if (template != null) {
            CopyTemplate.checkTemplateName(templates.toAbsolutePath().normalize(), template);
        }
    }

    @Override
    public VolumeFile execute(CommandContext ctx) throws IOException {
        Files.createDirectories(storage);
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(FailureCategory.CONFLICT, "volume file " + file + " already exists");
        }
        // From here on the file is this step's: any failure (qemu-img's create or info, a timeout,
        // a cancel) removes it before the failure is reported.
        try {
            return make(ctx);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private VolumeFile make(CommandContext ctx) throws IOException {
        if (template != null) {
            DiskImage image = new CopyTemplate(templates, storage, template, file.getFileName().toString(),
                    CopyMode.LINKED, timeout).execute(ctx);
            return new VolumeFile(image.path(), image.format(), virtualSize(ctx));
        }
        List<String> argv = List.of(qemuImg(), "create", "-q", "-f", "qcow2", file.toString(), Long.toString(sizeBytes));
        ProcessRunner.Result r = ProcessRunner.run(argv, ctx.timeLeftOr(timeout));
        if (r.exitCode() != 0) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img could not create volume " + file + " (exit "
                    + r.exitCode() + "): " + r.stderr().strip());
        }
        return new VolumeFile(file.toString(), "qcow2", virtualSize(ctx));
    }

    private long virtualSize(CommandContext ctx) throws IOException {
        ProcessRunner.Result r = ProcessRunner.run(List.of(qemuImg(), "info", "--output=json", "-f", "qcow2",
                file.toString()), ctx.timeLeftOr(timeout));
        if (r.exitCode() != 0) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info of volume " + file + " failed (exit "
                    + r.exitCode() + "): " + r.stderr().strip());
        }
        JsonNode info = JSON.readTree(r.stdout());
        return info.path("virtual-size").asLong();
    }

    static String qemuImg() {
        return System.getProperty("iaas.qemu-img", "qemu-img");
    }

    @Override
    public void revert(CommandContext ctx, VolumeFile made) throws IOException {
        Files.deleteIfExists(Path.of(made.path()));
    }

    /** Only after the death of the process that ran it: the file may be whole or partial, and unrecorded. */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return failure instanceof ProcessStoppedException;
    }

    /** Removes the file this step makes (named after the volume, which the model's claim made ours). */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) throws IOException {
        Files.deleteIfExists(file);
    }
}
