package org.iaasengine.libvirt.commands;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.exec.ProcessRunner;

/**
 * Copies a template image into the storage directory for a new VM: a linked qcow2 clone
 * ({@code qemu-img create -f qcow2 -F <fmt> -b <template>}) or a full copy ({@code qemu-img
 * convert}). The template name must stay inside the template directory (no {@code ../}, no
 * absolute path, no symbolic link out of it); the copy's file name is chosen by the library (the
 * VM's UUID), never taken from user input. Revert deletes the copy.
 *
 * <pre>{@code
 * new CopyTemplate(templates, storage, "base.qcow2", uuid + ".qcow2", CopyTemplate.Mode.LINKED, Duration.ofMinutes(5))
 * }</pre>
 */
public final class CopyTemplate implements Command<DiskImage> {
    /** How to copy. */
    public enum Mode {
        /** A qcow2 overlay whose backing file is the template: instant, shares the template's blocks. */
        LINKED,
        /** A full, independent copy. */
        FULL
    }

    private static final Pattern FORMAT = Pattern.compile("\"format\"\\s*:\\s*\"([a-z0-9]+)\"");

    private final Path templates;
    private final Path storage;
    private final String template;
    private final String fileName;
    private final Mode mode;
    private final Duration timeout;

    public CopyTemplate(Path templates, Path storage, String template, String fileName, Mode mode, Duration timeout) {
        this.templates = templates.toAbsolutePath().normalize();
        this.storage = storage.toAbsolutePath().normalize();
        this.template = checkTemplateName(this.templates, template).toString();
        Preconditions.checkArgument(fileName != null && fileName.matches("[A-Za-z0-9._-]{1,200}")
                && !fileName.startsWith("."), "disk file name '%s' is not a plain file name", fileName);
        this.fileName = fileName;
        this.mode = mode;
        this.timeout = timeout;
    }

    /**
     * Resolves a template name inside {@code templates}, or throws {@link IllegalArgumentException}
     * naming the bad value (empty, absolute, escaping with {@code ..}, control characters).
     */
    public static Path checkTemplateName(Path templates, String name) {
        Preconditions.checkArgument(name != null && !name.isBlank(), "template name must not be blank: '%s'", name);
        Preconditions.checkArgument(name.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                "template name '%s' contains control characters", name);
        Path p = Path.of(name);
        Preconditions.checkArgument(!p.isAbsolute(), "template name '%s' must be relative to the template directory",
                name);
        Path resolved = templates.resolve(p).normalize();
        Preconditions.checkArgument(resolved.startsWith(templates) && !resolved.equals(templates),
                "template name '%s' escapes the template directory %s", name, templates);
        return resolved;
    }

    @Override
    public DiskImage execute(CommandContext ctx) throws IOException {
        Path src = Path.of(template);
        if (!Files.isRegularFile(src)) {
            throw CommandException.notFound("template '" + templates.relativize(src) + "' not found in " + templates);
        }
        Path real = src.toRealPath();
        if (!real.startsWith(templates.toRealPath())) {
            throw CommandException.invalid("template '" + templates.relativize(src)
                    + "' is a link that leads out of the template directory " + templates);
        }
        Files.createDirectories(storage);
        Path dest = storage.resolve(fileName);
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(FailureCategory.CONFLICT, "disk " + dest + " already exists");
        }
        Duration budget = ctx.timeLeftOr(timeout);
        String format = probeFormat(real, budget);
        List<String> argv = mode == Mode.LINKED
                ? List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", format, "-b", real.toString(),
                        dest.toString())
                : List.of("qemu-img", "convert", "-q", "-f", format, "-O", format, real.toString(), dest.toString());
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.run(argv, budget);
        } catch (CommandException e) {
            Files.deleteIfExists(dest); // a killed qemu-img may have left a partial file
            throw e;
        }
        if (r.exitCode() != 0) {
            Files.deleteIfExists(dest);
            throw new CommandException(FailureCategory.INTERNAL,
                    "qemu-img could not copy template " + real + " to " + dest + " (exit " + r.exitCode() + "): "
                            + r.stderr().strip());
        }
        return new DiskImage(dest.toString(), mode == Mode.LINKED ? "qcow2" : format);
    }

    private static String probeFormat(Path image, Duration budget) {
        ProcessRunner.Result r = ProcessRunner.run(List.of("qemu-img", "info", "--output=json", image.toString()),
                budget);
        if (r.exitCode() != 0) {
            throw CommandException.invalid("template " + image + " is not a disk image qemu-img can read: "
                    + r.stderr().strip());
        }
        Matcher m = FORMAT.matcher(r.stdout());
        if (!m.find()) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info of " + image + " names no format");
        }
        String f = m.group(1);
        if (!f.equals("qcow2") && !f.equals("raw")) {
            throw CommandException.invalid("template " + image + " has format '" + f + "'; qcow2 or raw expected");
        }
        return f;
    }

    @Override
    public void revert(CommandContext ctx, DiskImage result) throws IOException {
        Files.deleteIfExists(Path.of(result.path()));
    }
}
