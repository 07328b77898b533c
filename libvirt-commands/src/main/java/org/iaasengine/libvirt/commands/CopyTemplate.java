package org.iaasengine.libvirt.commands;

import org.iaasengine.core.InvalidInputException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.ProcessStoppedException;
import org.iaasengine.core.Visible;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.spec.CopyMode;
import org.iaasengine.libvirt.spec.DiskImage;

/**
 * Copies a template image into the storage directory for a new VM: a linked qcow2 clone
 * ({@code qemu-img create -f qcow2 -F <fmt> -b <template>}) or a full copy ({@code qemu-img
 * convert}). The template name must stay inside the template directory (no {@code ../}, no
 * absolute path, no symbolic link out of it), and so must everything the guest's disk would read
 * through it: see {@link #inspect}. The copy's file name is chosen by the library (the VM's UUID),
 * never taken from user input. Nothing is written to the storage directory before the template
 * passed these checks; revert deletes the copy.
 *
 * <pre>{@code
 * new CopyTemplate(templates, storage, "base.qcow2", uuid + ".qcow2", CopyMode.LINKED, Duration.ofMinutes(5))
 * }</pre>
 */
public final class CopyTemplate implements Command<DiskImage> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FORMATS = Set.of("qcow2", "raw");

    private final Path templates;
    private final Path storage;
    private final String given;
    private final Path template;
    private final String fileName;
    private final CopyMode mode;
    private final Duration timeout;

    /**
     * The qemu-img program: {@code qemu-img} on the PATH, or the path in the system property
     * {@code iaas.qemu-img} (a build of its own in /opt, say; the reliability tests put one there
     * that fails on purpose).
     */
    static String qemuImg() {
        return System.getProperty("iaas.qemu-img", "qemu-img");
    }

    public CopyTemplate(Path templates, Path storage, String template, String fileName, CopyMode mode, Duration timeout) {
        this.templates = templates.toAbsolutePath().normalize();
        this.storage = storage.toAbsolutePath().normalize();
        this.template = checkTemplateName(this.templates, template);
        this.given = template;
        InvalidInputException.check(fileName != null && fileName.matches("[A-Za-z0-9._-]{1,200}")
                && !fileName.startsWith("."), "disk file name %s is not a plain file name", Visible.quoted(fileName));
        InvalidInputException.check(mode != null, "copy mode must not be null");
        InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                "timeout must be positive: %s", timeout);
        this.fileName = fileName;
        this.mode = mode;
        this.timeout = timeout;
    }

    /**
     * Resolves a template name inside {@code templates}, or throws {@link IllegalArgumentException}
     * naming the bad value (empty, absolute, escaping with {@code ..}, control characters).
     */
    public static Path checkTemplateName(Path templates, String name) {
        InvalidInputException.check(name != null && !name.isBlank(), "template name must not be blank: %s",
                Visible.quoted(name));
        InvalidInputException.check(name.chars().noneMatch(c -> c < 0x20 || c == 0x7f),
                "template name %s contains control characters", Visible.quoted(name));
        Path p;
        try {
            p = Path.of(name);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("template name " + Visible.quoted(name) + " is not a file name: "
                    + e.getReason(), e);
        }
        InvalidInputException.check(!p.isAbsolute(), "template name %s must be relative to the template directory",
                Visible.quoted(name));
        Path resolved = templates.resolve(p).normalize();
        InvalidInputException.check(resolved.startsWith(templates) && !resolved.equals(templates),
                "template name %s escapes the template directory %s", Visible.quoted(name), templates);
        return resolved;
    }

    /**
     * The format a template's file name promises: {@code qcow2} for {@code *.qcow2}, {@code raw} for
     * {@code *.raw} (any case), null for other names, whose format is detected: {@code *.img} among
     * them, since distributions ship qcow2 cloud images under that name.
     */
    static String formatOfName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".qcow2")) {
            return "qcow2";
        }
        if (n.endsWith(".raw")) {
            return "raw";
        }
        return null;
    }

    /**
     * Finds the template {@code name} in {@code templates} and checks that a guest given a copy of it
     * reads nothing from outside that directory; returns its format ({@code qcow2} or {@code raw}).
     * Runs {@code qemu-img info --backing-chain --output=json -f <format>} (an argument array, within
     * {@code timeout}) and requires, for every layer of the chain:
     * <ul>
     *   <li>its file (real path, links resolved) is a regular file inside the template directory's
     *   real path: a qcow2 whose backing file is {@code /etc/hostname}, or {@code ../other/x.qcow2},
     *   would otherwise put that host file in the guest's disk;</li>
     *   <li>its format is qcow2 or raw;</li>
     *   <li>a qcow2 layer's external data file ({@code data-file}) is an absolute path inside the
     *   template directory too (a relative one is refused: QEMU resolves it against its working
     *   directory, libvirt against the image's, so what it names depends on who reads it);</li>
     *   <li>a layer with a backing file records that file's format (backing-format): a backing
     *   file of unrecorded format is probed, QEMU guessing the format from the file's contents, so a
     *   raw layer whose data (written by a guest) looks like a qcow2 header would be read as a qcow2
     *   with a backing file of its choosing. Such a chain is refused rather than followed; qemu-img
     *   7 itself no longer creates one.</li>
     * </ul>
     * The template's own format is the one its name promises ({@link #formatOfName}): a
     * {@code .qcow2} must be a qcow2 (a text file named {@code x.qcow2} is refused, not used as a raw
     * disk), a {@code .raw} must be raw ({@code .img} may be either); qemu-img is given it with {@code -f} and
     * probes nothing, but for a template named otherwise or one named raw (a probe of the
     * template's first bytes alone, never of its backing files, tells what it holds).
     *
     * <pre>{@code
     * String format = CopyTemplate.inspect(Path.of("/var/lib/iaas-engine/templates"), "base.qcow2",
     *         Duration.ofSeconds(30));
     * }</pre>
     *
     * @throws IllegalArgumentException the name itself is bad ({@link #checkTemplateName})
     * @throws CommandException         NOT_FOUND: no such template; INVALID_INPUT: a check above failed,
     *                                  the message naming the template and the offending layer or path;
     *                                  TIMEOUT: qemu-img did not answer in time
     */
    public static String inspect(Path templates, String name, Duration timeout) {
        Path dir = templates.toAbsolutePath().normalize();
        return inspect(dir, name, checkTemplateName(dir, name), timeout);
    }

    private static String inspect(Path templates, String given, Path src, Duration timeout) {
        String what = "template " + Visible.quoted(given);
        if (!Files.isRegularFile(src)) {
            throw CommandException.notFound(what + " not found in " + templates);
        }
        Path dirReal;
        Path real;
        try {
            dirReal = templates.toRealPath();
            real = src.toRealPath();
        } catch (IOException e) {
            throw CommandException.notFound(what + " cannot be read in " + templates + ": " + e.getMessage());
        }
        if (!real.startsWith(dirReal)) {
            throw CommandException.invalid(what + " is a link that leads out of the template directory " + templates);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        String named = formatOfName(src.getFileName().toString());
        String format;
        if ("qcow2".equals(named)) {
            format = named;
        } else {
            String detected = probe(real, what, left(deadline, timeout));
            if (named != null && !named.equals(detected)) {
                throw mismatch(what, real, named, detected);
            }
            if (!FORMATS.contains(detected)) {
                throw CommandException.invalid(what + " (" + real + ") has format " + Visible.quoted(detected)
                        + "; qcow2 or raw expected");
            }
            format = detected;
        }
        ProcessRunner.Result r = ProcessRunner.run(List.of(qemuImg(), "info", "--backing-chain", "--output=json",
                "-f", format, real.toString()), left(deadline, timeout));
        if (r.exitCode() != 0) {
            if ("qcow2".equals(named)) {
                // Said to be qcow2, not readable as one: tell what it is, if qemu-img can tell.
                String detected = probe(real, what, left(deadline, timeout));
                if (!detected.equals(named)) {
                    throw mismatch(what, real, named, detected);
                }
            }
            throw CommandException.invalid(what + " (" + real + ", " + format + ") or a file of its backing chain "
                    + "cannot be read by qemu-img: " + Visible.of(r.stderr().strip()));
        }
        checkChain(what, dirReal, real, format, parseChain(what, r.stdout()));
        return format;
    }

    private static CommandException mismatch(String what, Path real, String named, String detected) {
        return CommandException.invalid(what + " (" + real + ") is named as a " + named + " image but qemu-img "
                + "detects format " + Visible.quoted(detected) + ": rename it or convert it");
    }

    private static Duration left(long deadline, Duration timeout) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new CommandException(FailureCategory.TIMEOUT, "qemu-img info of the template did not finish within "
                    + timeout);
        }
        return Duration.ofNanos(nanos);
    }

    /** The format qemu-img detects in the file's own first bytes (no backing file is opened). */
    private static String probe(Path image, String what, Duration budget) {
        ProcessRunner.Result r = ProcessRunner.run(List.of(qemuImg(), "info", "--output=json", image.toString()),
                budget);
        if (r.exitCode() != 0) {
            throw CommandException.invalid(what + " (" + image + ") is not a disk image qemu-img can read: "
                    + Visible.of(r.stderr().strip()));
        }
        JsonNode format = readJson(image, r.stdout()).path("format");
        if (!format.isTextual()) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info of " + image + " names no format");
        }
        return format.asText();
    }

    private static JsonNode readJson(Path image, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info of " + image + " did not print JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static List<JsonNode> parseChain(String what, String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info --backing-chain of " + what
                    + " did not print JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new CommandException(FailureCategory.INTERNAL, "qemu-img info --backing-chain of " + what
                    + " printed no chain: " + Visible.of(text.strip()));
        }
        List<JsonNode> layers = new ArrayList<>();
        root.forEach(layers::add);
        return layers;
    }

    /** Every layer, the template first: see {@link #inspect}. */
    private static void checkChain(String what, Path dirReal, Path real, String format, List<JsonNode> layers) {
        String expectedFormat = format;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            String file = layer.path("filename").asText(null);
            String at = what + ": layer " + (i + 1) + " of its backing chain";
            if (file == null) {
                throw new CommandException(FailureCategory.INTERNAL, at + " has no file name in qemu-img's answer");
            }
            Path path = inside(at + ", " + Visible.quoted(file) + ",", dirReal, file, null);
            if (i == 0 && !path.equals(real)) {
                throw new CommandException(FailureCategory.INTERNAL, at + " is " + path + ", not " + real);
            }
            if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                throw CommandException.invalid(at + ", " + path + ", is not a regular file");
            }
            String layerFormat = layer.path("format").asText("");
            if (!FORMATS.contains(layerFormat)) {
                throw CommandException.invalid(at + ", " + path + ", has format " + Visible.quoted(layerFormat)
                        + "; only qcow2 and raw are used");
            }
            if (!layerFormat.equals(expectedFormat)) {
                throw CommandException.invalid(at + ", " + path + ", is read as " + Visible.quoted(layerFormat)
                        + " but recorded as " + Visible.quoted(expectedFormat));
            }
            JsonNode dataFile = layer.path("format-specific").path("data").path("data-file");
            if (!dataFile.isMissingNode() && !dataFile.isNull()) {
                String df = dataFile.asText();
                if (!Path.of(df).isAbsolute()) {
                    throw CommandException.invalid(at + ", " + path + ", keeps its data in the external file "
                            + Visible.quoted(df) + ", a relative name (QEMU reads it against its working directory, "
                            + "libvirt against the image's): only an absolute path inside the template directory "
                            + dirReal + " is used");
                }
                inside(at + ", " + path + ", keeps its data in the external file " + Visible.quoted(df) + ", which",
                        dirReal, df, path.getParent());
            }
            JsonNode backing = layer.path("backing-filename");
            boolean last = i == layers.size() - 1;
            if (backing.isMissingNode() || backing.isNull()) {
                if (!last) {
                    throw new CommandException(FailureCategory.INTERNAL, at + ", " + path
                            + ", has no backing file, yet qemu-img lists a layer after it");
                }
                continue;
            }
            if (last) {
                throw CommandException.invalid(at + ", " + path + ", has the backing file "
                        + Visible.quoted(backing.asText()) + ", which qemu-img did not open");
            }
            JsonNode backingFormat = layer.path("backing-filename-format");
            if (!backingFormat.isTextual()) {
                throw CommandException.invalid(at + ", " + path + ", names its backing file "
                        + Visible.quoted(backing.asText()) + " without the backing file's format, which QEMU would "
                        + "then guess from that file's contents; record it with qemu-img rebase -u -F <format> -b "
                        + "<backing file> <image>");
            }
            expectedFormat = backingFormat.asText();
        }
    }

    /**
     * The real path of {@code file} (relative ones against {@code base}), which must be inside
     * {@code dirReal}; else INVALID_INPUT, {@code subject} followed by what is wrong.
     */
    private static Path inside(String subject, Path dirReal, String file, Path base) {
        Path p;
        try {
            p = Path.of(file);
        } catch (InvalidPathException e) {
            throw CommandException.invalid(subject + " is not a local file name");
        }
        if (!p.isAbsolute()) {
            if (base == null) {
                // qemu-img reports backing files joined to their image's directory: a relative name
                // here is a protocol (nbd:, http:, json:), not a local file.
                throw CommandException.invalid(subject + " is not a local file");
            }
            p = base.resolve(p);
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw CommandException.invalid(subject + " cannot be resolved: " + e.getMessage());
        }
        if (!real.startsWith(dirReal)) {
            throw CommandException.invalid(subject + " is " + real + ", outside the template directory " + dirReal);
        }
        return real;
    }

    @Override
    public DiskImage execute(CommandContext ctx) throws IOException {
        Duration budget = ctx.timeLeftOr(timeout);
        // Every check first: nothing is written to the storage directory for a refused template.
        String format = inspect(templates, given, template, budget);
        Path real = template.toRealPath();
        Files.createDirectories(storage);
        Path dest = storage.resolve(fileName);
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            throw new CommandException(FailureCategory.CONFLICT, "disk " + dest + " already exists");
        }
        List<String> argv = mode == CopyMode.LINKED
                ? List.of(qemuImg(), "create", "-q", "-f", "qcow2", "-F", format, "-b", real.toString(),
                        dest.toString())
                : List.of(qemuImg(), "convert", "-q", "-f", format, "-O", format, real.toString(), dest.toString());
        ProcessRunner.Result r;
        try {
            r = ProcessRunner.run(argv, ctx.timeLeftOr(timeout));
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
        return new DiskImage(dest.toString(), mode == CopyMode.LINKED ? "qcow2" : format);
    }

    @Override
    public void revert(CommandContext ctx, DiskImage result) throws IOException {
        Files.deleteIfExists(Path.of(result.path()));
    }

    /**
     * Only after the death of the process that ran it (its own failures are cleaned up inside
     * {@link #execute}): the copy may be whole or partial, and its result unrecorded.
     */
    @Override
    public boolean undoesFailure(Throwable failure) {
        return failure instanceof ProcessStoppedException;
    }

    /** Removes the copy this step makes (its name is the VM's UUID: nobody else's file). */
    @Override
    public void revertFailed(CommandContext ctx, Throwable failure) throws IOException {
        Files.deleteIfExists(storage.resolve(fileName));
    }
}
