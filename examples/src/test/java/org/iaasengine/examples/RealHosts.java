package org.iaasengine.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;

/**
 * The real libvirt hosts of the integration tests ({@code scripts/libvirt-up.sh} starts them) and
 * cleanup helpers. A missing daemon makes the tests fail, never skip.
 */
public final class RealHosts {
    /** The first host. */
    public static final String HOST1 = System.getProperty("iaas.host1", "qemu:///system");
    /** The second host, a libvirtd in its own mount namespace. */
    public static final String HOST2 = System.getProperty("iaas.host2",
            "qemu+unix:///system?socket=/var/tmp/iaas-engine/host2/libvirt-sock");
    /** Templates (base.qcow2). */
    public static final Path TEMPLATES = Path.of("/var/tmp/iaas-engine/templates");
    /** Shared storage; each test uses a directory of its own below it. */
    public static final Path STORAGE = Path.of("/var/tmp/iaas-engine/storage");

    private RealHosts() {
    }

    /** A new storage directory of the caller's own. */
    public static Path newStorage(String prefix) throws IOException {
        return Files.createDirectories(STORAGE.resolve(prefix + System.nanoTime()));
    }

    /** Destroys and undefines every domain whose name starts with {@code prefix}. */
    public static void removeDomains(LibvirtDriver driver, String prefix) {
        for (DomainSummary d : driver.listDomains()) {
            if (d.name().startsWith(prefix)) {
                quietly(() -> driver.destroy(d.name()));
                quietly(() -> driver.undefine(d.name()));
            }
        }
    }

    /** The names of the domains whose name starts with {@code prefix}. */
    public static List<String> domains(LibvirtDriver driver, String prefix) {
        return driver.listDomains().stream().map(DomainSummary::name).filter(n -> n.startsWith(prefix)).sorted()
                .toList();
    }

    /** Deletes a directory tree. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (DriverException gone) {
            // not running or not defined: nothing to remove
        }
    }
}
