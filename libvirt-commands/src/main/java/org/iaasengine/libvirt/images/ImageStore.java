package org.iaasengine.libvirt.images;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;

/**
 * A directory of backup images: {@code <name>.qcow2} (compressed qcow2) and its sidecar
 * {@code <name>.json} ({@link BackupImage}: size and SHA-256). An image is in the store only when
 * its sidecar is: the sidecar is written last (temp file, fsync, rename), after the image file is
 * whole, so a backup that died half way leaves no image that {@link #list} shows; its partial file
 * ({@code <name>.qcow2.part}) is removed by the backup's own cleanup or revert.
 *
 * <pre>{@code
 * ImageStore images = new ImageStore(Path.of("/var/lib/iaas-engine/images"));
 * Path file = images.verify("web1-monday");   // the image file, its checksum checked
 * }</pre>
 */
public final class ImageStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String IMAGE = ".qcow2";
    private static final String SIDECAR = ".json";
    private static final String PARTIAL = ".qcow2.part";
    private static final String POINT = ".qcow2.point";

    private final Path dir;

    /** The store in {@code dir} (made when the first image is written). */
    public ImageStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The store's directory (absolute, normalized). */
    public Path dir() {
        return dir;
    }

    /**
     * Checks an image name: 1 to 128 characters of {@code A-Z a-z 0-9 . _ -}, not starting with
     * {@code .}, {@code _} or {@code -}, not ending in {@code .qcow2}, {@code .json} or {@code .part}.
     *
     * @throws InvalidInputException naming the bad value
     */
    public static String checkName(String name) {
        InvalidInputException.check(name != null && NAME.matcher(name).matches() && !name.contains(".."),
                "image name %s must be 1 to 128 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit",
                Visible.quoted(name));
        InvalidInputException.check(!name.endsWith(IMAGE) && !name.endsWith(SIDECAR) && !name.endsWith(".part"),
                "image name %s must not end in .qcow2, .json or .part (the store adds them)", Visible.quoted(name));
        return name;
    }

    /** The image file of {@code name}. */
    public Path imageFile(String name) {
        return dir.resolve(checkName(name) + IMAGE);
    }

    /** The partial file a backup writes before it is whole. */
    public Path partialFile(String name) {
        return dir.resolve(checkName(name) + PARTIAL);
    }

    /** The sidecar of {@code name}. */
    public Path sidecar(String name) {
        return dir.resolve(checkName(name) + SIDECAR);
    }

    /**
     * The point-in-time copy of a running VM's disk that QEMU writes for a backup
     * ({@code <name>.qcow2.point}, qcow2) before it is compressed into the image; removed after.
     */
    public Path pointFile(String name) {
        return dir.resolve(name + POINT);
    }

    /** True if {@code name} has an image file, a partial file or a sidecar here. */
    public boolean occupied(String name) {
        return Files.exists(imageFile(name)) || Files.exists(partialFile(name)) || Files.exists(sidecar(name));
    }

    /** The image {@code name}, if its sidecar is here. */
    public Optional<BackupImage> get(String name) {
        Path side = sidecar(name);
        try {
            return Optional.of(JSON.readValue(side.toFile(), BackupImage.class));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INVALID_INPUT, "sidecar " + side + " of image "
                    + Visible.quoted(name) + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Every image here (those with a sidecar), by name. */
    public List<BackupImage> list() {
        List<BackupImage> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + SIDECAR)) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                String name = file.substring(0, file.length() - SIDECAR.length());
                if (NAME.matcher(name).matches()) {
                    get(name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list image store " + dir, e);
        }
        out.sort(Comparator.comparing(BackupImage::name));
        return out;
    }

    /**
     * Checks the image {@code name} against its sidecar (size, then the SHA-256 of the whole file)
     * and returns its file.
     *
     * @throws CommandException NOT_FOUND: no such image (no sidecar, or no file); INVALID_INPUT: its
     *                          size or checksum differs from the sidecar's, the message naming the
     *                          image and both values
     */
    public Path verify(String name) {
        BackupImage rec = get(name).orElseThrow(() -> CommandException.notFound("image " + Visible.quoted(name)
                + " not found in image store " + dir));
        Path file = imageFile(name);
        if (!Files.isRegularFile(file)) {
            throw CommandException.notFound("image " + Visible.quoted(name) + " has a sidecar but no file " + file);
        }
        try {
            long size = Files.size(file);
            if (size != rec.sizeBytes()) {
                throw CommandException.invalid("image " + Visible.quoted(name) + " (" + file + ") is " + size
                        + " bytes but its sidecar records " + rec.sizeBytes() + ": it was changed or truncated;"
                        + " nothing created from it");
            }
            String sum = sha256(file);
            if (!sum.equals(rec.sha256())) {
                throw CommandException.invalid("image " + Visible.quoted(name) + " (" + file + ") has SHA-256 " + sum
                        + " but its sidecar records " + rec.sha256() + ": it is corrupted; nothing created from it");
            }
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INVALID_INPUT, "image " + Visible.quoted(name)
                    + " cannot be read: " + e.getMessage(), e);
        }
        return file;
    }

    /** Writes the sidecar of {@code image} atomically (temp file, fsync, rename, fsync of the directory). */
    public void writeSidecar(BackupImage image) throws IOException {
        Files.createDirectories(dir);
        Path target = sidecar(image.name());
        Path tmp = dir.resolve("." + image.name() + SIDECAR + ".tmp");
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            ByteBuffer buf = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(image));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDir();
    }

    /** Moves a whole partial file to its image name (atomic rename, then fsync of the directory). */
    public void promote(String name) throws IOException {
        try (FileChannel ch = FileChannel.open(partialFile(name), StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(partialFile(name), imageFile(name), StandardCopyOption.ATOMIC_MOVE);
        fsyncDir();
    }

    /** Removes the image {@code name}: sidecar first (it leaves the store at once), then its files. Idempotent. */
    public void remove(String name) throws IOException {
        Files.deleteIfExists(sidecar(name));
        Files.deleteIfExists(imageFile(name));
        Files.deleteIfExists(partialFile(name));
        Files.deleteIfExists(pointFile(name));
        Files.deleteIfExists(dir.resolve("." + name + SIDECAR + ".tmp"));
    }

    /** The SHA-256 of a file's bytes, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private void fsyncDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems do not allow it; the rename is still atomic
        }
    }

    @Override
    public String toString() {
        return "ImageStore[" + dir + "]";
    }
}
