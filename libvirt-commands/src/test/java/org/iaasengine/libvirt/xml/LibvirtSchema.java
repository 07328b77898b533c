package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: validates domain XML against libvirt's own RNG schema with {@code virt-xml-validate}
 * (package libvirt-clients, installed by {@code scripts/libvirt-up.sh}). Fails, never skips, when
 * the tool is missing. The tool runs with an argument array (no shell) and a timeout.
 */
final class LibvirtSchema {
    private static final long TIMEOUT_SECONDS = 60;

    private LibvirtSchema() {
    }

    /** Asserts that libvirt's schema accepts {@code xml} as a domain; the message has the tool's output. */
    static void assertValid(String xml) {
        Path file = null;
        Path out = null;
        try {
            file = Files.createTempFile("xmlit-validate", ".xml");
            out = Files.createTempFile("xmlit-validate", ".out");
            Files.writeString(file, xml, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder("virt-xml-validate", file.toString(), "domain")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("virt-xml-validate did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String output = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("virt-xml-validate refuses the document:%n%s%nXML:%n%s", output, xml)
                    .isZero();
        } catch (IOException e) {
            throw new AssertionError("cannot run virt-xml-validate (package libvirt-clients): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            delete(file);
            delete(out);
        }
    }

    private static void delete(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
