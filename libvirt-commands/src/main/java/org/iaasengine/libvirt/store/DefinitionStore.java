package org.iaasengine.libvirt.store;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the library keeps each VM's definition (domain XML, template, disks, IP), one file per VM
 * named by its UUID, so that a shut-down transient VM can be listed and started again, also after
 * the host application restarts. Writes are atomic (temp file, fsync, rename, fsync of the
 * directory). A corrupt or foreign file is set aside as {@code <file>.corrupt} with a clear error
 * in {@link #problems()}; the other files still load. Thread-safe.
 *
 * <pre>{@code
 * DefinitionStore store = DefinitionStore.open(Path.of("/var/lib/iaas-engine/definitions"));
 * store.put(definition);
 * Optional<StoredDefinition> d = store.get("web1");
 * }</pre>
 */
public final class DefinitionStore {
    private static final Logger LOG = LoggerFactory.getLogger(DefinitionStore.class);
    private static final JAXBContext JAXB;

    static {
        try {
            JAXB = JAXBContext.newInstance(DefinitionDocument.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Called before each file operation of a write or a removal ("write", "move", "delete", with
     * the file); one that throws makes the operation fail as the file system would (fault
     * injection, auditing).
     */
    @FunctionalInterface
    public interface FileHook {
        FileHook NONE = (operation, file) -> { };

        void before(String operation, Path file) throws IOException;
    }

    private final Path dir;
    private final FileHook hook;
    private final Map<String, StoredDefinition> byName = new ConcurrentHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private DefinitionStore(Path dir, FileHook hook) {
        this.dir = dir;
        this.hook = hook;
    }

    /** Opens (creating if needed) the store in {@code dir} and loads every definition in it. */
    public static DefinitionStore open(Path dir) {
        return open(dir, FileHook.NONE);
    }

    /** As {@link #open(Path)}, with {@code hook} called before each file operation. */
    public static DefinitionStore open(Path dir, FileHook hook) {
        java.util.Objects.requireNonNull(hook, "hook");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot create definition store " + dir, e);
        }
        DefinitionStore store = new DefinitionStore(dir.toAbsolutePath().normalize(), hook);
        store.load();
        return store;
    }

    /** The store's directory. */
    public Path directory() {
        return dir;
    }

    private void load() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.xml")) {
            for (Path f : files) {
                try {
                    StoredDefinition d = read(f);
                    if (!f.getFileName().toString().equals(d.uuid() + ".xml")) {
                        throw new IllegalArgumentException("file name does not match its uuid " + d.uuid());
                    }
                    StoredDefinition before = byName.putIfAbsent(d.name(), d);
                    if (before != null) {
                        throw new IllegalArgumentException("vm name '" + d.name() + "' is also defined by "
                                + before.uuid() + ".xml");
                    }
                } catch (RuntimeException e) {
                    setAside(f, e);
                }
            }
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot list definition store " + dir, e);
        }
        LOG.info("definition store {}: {} definitions loaded, {} set aside", dir, byName.size(), problems.size());
    }

    private void setAside(Path f, RuntimeException e) {
        String problem = "definition file " + f + " is corrupt or foreign and was set aside: " + e.getMessage();
        LOG.error("{}", problem, e);
        synchronized (problems) {
            problems.add(problem);
        }
        try {
            Files.move(f, f.resolveSibling(f.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
            LOG.error("could not set aside {}", f, moveFailed);
        }
    }

    /** The files set aside while loading, each with why. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    public Optional<StoredDefinition> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<StoredDefinition> all() {
        return List.copyOf(byName.values());
    }

    /** The definitions of one host. */
    public List<StoredDefinition> onHost(String host) {
        return byName.values().stream().filter(d -> host.equals(d.host())).toList();
    }

    /**
     * Writes a definition atomically, replacing the one of the same name and UUID.
     *
     * @throws CommandException CONFLICT if another VM of this name (another UUID) is stored
     */
    public synchronized void put(StoredDefinition d) {
        StoredDefinition existing = byName.get(d.name());
        if (existing != null && !existing.uuid().equals(d.uuid())) {
            throw new CommandException(FailureCategory.CONFLICT,
                    "a definition of vm '" + d.name() + "' with another uuid (" + existing.uuid() + ") is stored");
        }
        Path target = dir.resolve(d.uuid() + ".xml");
        Path tmp = dir.resolve("." + d.uuid() + ".xml.tmp");
        try {
            byte[] bytes = write(d).getBytes(StandardCharsets.UTF_8);
            hook.before("write", tmp);
            Files.deleteIfExists(tmp); // so it is created anew, with the permissions below
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly())) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            hook.before("move", target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDir();
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort; the next put overwrites it
            }
            throw new CommandException(FailureCategory.INTERNAL, "cannot write definition of vm '" + d.name() + "' to "
                    + target, e);
        }
        byName.put(d.name(), d);
    }

    /** Removes the definition of {@code name}; returns what was removed. */
    public synchronized Optional<StoredDefinition> remove(String name) {
        StoredDefinition d = byName.get(name);
        if (d == null) {
            return Optional.empty();
        }
        try {
            hook.before("delete", dir.resolve(d.uuid() + ".xml"));
            Files.deleteIfExists(dir.resolve(d.uuid() + ".xml"));
            syncDir();
        } catch (IOException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot remove definition of vm '" + name + "'", e);
        }
        byName.remove(name);
        return Optional.of(d);
    }

    /**
     * {@code rw-------} where the file system has POSIX permissions: the domain XML comes from
     * {@code dumpXml}, which carries secure data (VNC and SPICE passwords), so the file is as
     * private as libvirt's own {@code /etc/libvirt/qemu/*.xml}.
     */
    private FileAttribute<?>[] ownerOnly() {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))};
    }

    private void syncDir() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("fsync of directory {} not supported: {}", dir, e.getMessage());
        }
    }

    private static String write(StoredDefinition d) {
        DefinitionDocument doc = new DefinitionDocument();
        doc.name = d.name();
        doc.uuid = d.uuid();
        doc.host = d.host();
        doc.lifecycle = d.lifecycle().name();
        doc.template = d.template();
        doc.ip = d.ip();
        doc.disks = new ArrayList<>(d.disks());
        doc.domainXml = d.domainXml();
        try {
            Marshaller m = JAXB.createMarshaller();
            m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, true);
            StringWriter w = new StringWriter();
            m.marshal(doc, w);
            return w.toString();
        } catch (JAXBException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot serialize definition of vm '" + d.name() + "'",
                    e);
        }
    }

    private static StoredDefinition read(Path f) {
        XMLInputFactory xif = XMLInputFactory.newFactory();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try (InputStream in = Files.newInputStream(f)) {
            XMLStreamReader r = xif.createXMLStreamReader(in);
            Object o = JAXB.createUnmarshaller().unmarshal(r);
            if (!(o instanceof DefinitionDocument doc)) {
                throw new IllegalArgumentException("not a vm-definition document");
            }
            if (doc.domainXml == null || doc.lifecycle == null) {
                throw new IllegalArgumentException("vm-definition lacks domain-xml or lifecycle");
            }
            return new StoredDefinition(doc.name, doc.uuid, doc.host, Lifecycle.valueOf(doc.lifecycle), doc.template,
                    doc.disks, doc.ip, doc.domainXml);
        } catch (IOException | XMLStreamException | JAXBException e) {
            throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
