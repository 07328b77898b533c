package org.iaasengine.libvirt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The definition store on a real directory: atomic writes, files set aside, reopening. */
class DefinitionStoreTest {
    @TempDir
    Path dir;

    private static StoredDefinition definition(String name, String ip) {
        String uuid = UUID.randomUUID().toString();
        return new StoredDefinition(name, uuid, "host-a", Lifecycle.TRANSIENT, "base.qcow2",
                List.of("/var/tmp/" + uuid + ".qcow2"), ip,
                "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                        + "<description>&lt;odd&gt; &amp; \"quoted\" ü</description></domain>");
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void putWritesOneFileNamedByUuidAndLeavesNoTemporaryFile() throws IOException {
        DefinitionStore store = DefinitionStore.open(dir);
        StoredDefinition d = definition("web1", "10.0.0.1");
        store.put(d);
        store.put(d.withIp("10.0.0.2"));   // a replace is a whole new file renamed over the old

        assertThat(files()).containsExactly(d.uuid() + ".xml");
        assertThat(store.get("web1")).contains(d.withIp("10.0.0.2"));
        assertThat(Files.readString(dir.resolve(d.uuid() + ".xml"))).contains("10.0.0.2").doesNotContain("10.0.0.1");
    }

    @Test
    void theFileIsReadableByItsOwnerOnlyAndToStringNeverShowsTheDomainXml() throws IOException {
        DefinitionStore store = DefinitionStore.open(dir);
        StoredDefinition d = new StoredDefinition("vnc1", UUID.randomUUID().toString(), "host-a",
                Lifecycle.PERSISTENT, null, null, null,
                "<domain type='qemu'><name>vnc1</name><devices><graphics type='vnc' passwd='s3cret'/></devices></domain>");

        store.put(d);
        store.put(d.withIp("10.0.0.9"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(d.uuid() + ".xml"))))
                .as("dumpXml carries passwords").isEqualTo("rw-------");
        assertThat(d.toString()).contains("vnc1").contains(d.uuid()).doesNotContain("s3cret")
                .doesNotContain("<domain");
    }

    @Test
    void aNewStoreOverTheSameDirectoryLoadsWhatTheOldOneWrote() {
        DefinitionStore first = DefinitionStore.open(dir);
        StoredDefinition a = definition("web1", "10.0.0.1");
        StoredDefinition b = definition("web2", null);
        first.put(a);
        first.put(b);
        first.remove("web2");

        DefinitionStore reopened = DefinitionStore.open(dir);

        assertThat(reopened.all()).containsExactly(a);
        assertThat(reopened.get("web1")).get().satisfies(d -> {
            assertThat(d.domainXml()).isEqualTo(a.domainXml());
            assertThat(d.disks()).isEqualTo(a.disks());
            assertThat(d.lifecycle()).isEqualTo(Lifecycle.TRANSIENT);
        });
        assertThat(reopened.onHost("host-a")).containsExactly(a);
        assertThat(reopened.problems()).isEmpty();
    }

    @Test
    void corruptAndForeignFilesAreSetAsideWithAClearErrorAndTheOthersLoad() throws IOException {
        DefinitionStore first = DefinitionStore.open(dir);
        StoredDefinition good = definition("good", null);
        first.put(good);
        String truncatedUuid = UUID.randomUUID().toString();
        Files.writeString(dir.resolve(truncatedUuid + ".xml"), "<vm-definition xmlns='urn:iaasengine:definition:1' "
                + "name='half' uuid='" + truncatedUuid + "'", StandardCharsets.UTF_8);
        String foreignUuid = UUID.randomUUID().toString();
        Files.writeString(dir.resolve(foreignUuid + ".xml"), "<domain type='kvm'><name>not ours</name></domain>");
        StoredDefinition renamed = definition("renamed", null);
        first.put(renamed);
        Files.move(dir.resolve(renamed.uuid() + ".xml"), dir.resolve(UUID.randomUUID() + ".xml"));

        DefinitionStore reopened = DefinitionStore.open(dir);

        assertThat(reopened.all()).containsExactly(good);
        assertThat(reopened.problems()).hasSize(3).allSatisfy(p -> assertThat(p).contains("set aside"));
        assertThat(reopened.problems()).anySatisfy(p -> assertThat(p).contains(truncatedUuid + ".xml"));
        assertThat(reopened.problems()).anySatisfy(p -> assertThat(p).contains("does not match its uuid"));
        assertThat(files()).contains(good.uuid() + ".xml", truncatedUuid + ".xml.corrupt",
                foreignUuid + ".xml.corrupt");
        assertThat(files()).filteredOn(f -> f.endsWith(".corrupt")).hasSize(3);
        // set aside once: a third opening finds nothing more to complain about
        assertThat(DefinitionStore.open(dir).problems()).isEmpty();
    }

    @Test
    void aLeftoverTemporaryFileFromACrashedWriteIsIgnored() throws IOException {
        DefinitionStore first = DefinitionStore.open(dir);
        StoredDefinition d = definition("web1", null);
        first.put(d);
        Files.writeString(dir.resolve("." + UUID.randomUUID() + ".xml.tmp"), "<vm-defin");

        DefinitionStore reopened = DefinitionStore.open(dir);

        assertThat(reopened.all()).containsExactly(d);
        assertThat(reopened.problems()).isEmpty();
    }

    @Test
    void anotherVmOfTheSameNameIsAConflict() {
        DefinitionStore store = DefinitionStore.open(dir);
        store.put(definition("web1", null));
        assertThatThrownBy(() -> store.put(definition("web1", null))).isInstanceOfSatisfying(CommandException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT));
    }
}
