package org.iaasengine.libvirt.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CopyMode;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A template's backing chain must stay in the template directory. Real images made with qemu-img in
 * a temporary directory, created through {@link LibvirtActions#create} on libvirt's test driver (in
 * process): a refused template fails the CopyTemplate step as INVALID_INPUT naming the template and
 * the offending file, and leaves no disk copy, domain, definition or model entry.
 */
class CopyTemplateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path templates;
    private Path outside;
    private LibvirtJavaDriver driver;
    private LibvirtHost host;
    private ResourceModel model;
    private LibvirtActions actions;
    private Engine engine;

    @BeforeEach
    void setUp() throws IOException {
        templates = Files.createDirectories(dir.resolve("templates"));
        outside = Files.createDirectories(dir.resolve("outside"));
        qemuImg("create", "-q", "-f", "qcow2", templates.resolve("base.qcow2").toString(), "1M");
        driver = LibvirtJavaDriver.open("test:///default");
        host = LibvirtHost.builder("test-host", driver).domainType("test").templates(templates)
                .storage(dir.resolve("storage")).store(DefinitionStore.open(dir.resolve("definitions")))
                .processTimeout(TIMEOUT).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model);
        engine = Engine.builder().workers(2).build();
    }

    @AfterEach
    void tearDown() {
        engine.close();
        driver.close();
    }

    private static void qemuImg(String... args) {
        List<String> argv = new ArrayList<>(List.of("qemu-img"));
        argv.addAll(List.of(args));
        ProcessRunner.Result r = ProcessRunner.run(argv, TIMEOUT);
        assertThat(r.exitCode()).as("%s: %s", argv, r.stderr()).isZero();
    }

    /** A qcow2 overlay in the template directory on {@code backing} (as written in the image) of {@code format}. */
    private Path overlay(String name, String backing, String format) {
        Path p = templates.resolve(name);
        qemuImg("create", "-q", "-f", "qcow2", "-F", format, "-b", backing, p.toString(), "1M");
        return p;
    }

    private List<String> storageFiles() throws IOException {
        if (!Files.exists(host.storage())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(host.storage())) {
            return s.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    private List<String> domains() {
        return driver.listDomains().stream().map(DomainSummary::name).sorted().toList();
    }

    /** Creates a VM from {@code template}: it must be refused naming the template and {@code offending}. */
    private void refused(String template, CopyMode mode, String... offending) throws IOException {
        List<String> before = domains();
        assertThatThrownBy(() -> engine.run(actions.create(host, CreateRequest.builder("ct-" + template.hashCode())
                .template(template).memoryMiB(32).copy(mode).lifecycle(Lifecycle.PERSISTENT).build())))
                .as(template)
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
                    assertThat(e.failedStep()).isEqualTo("CopyTemplate");
                    assertThat(e.fullyReverted()).isTrue();
                    assertThat(e.getMessage()).contains("template '" + template + "'").contains(offending);
                });
        assertThat(storageFiles()).as("disk copies left after refusing %s", template).isEmpty();
        assertThat(domains()).isEqualTo(before);
        assertThat(model.snapshot().vms()).isEmpty();
        assertThat(host.store().all()).isEmpty();
    }

    /** Creates a VM from {@code template} and deletes it again: it must work. */
    private void accepted(String template, CopyMode mode) throws IOException {
        Vm vm = engine.run(actions.create(host, CreateRequest.builder("ct-ok").template(template).memoryMiB(32)
                .copy(mode).lifecycle(Lifecycle.PERSISTENT).build()));
        assertThat(storageFiles()).as("the disk copy of %s", template).hasSize(1);
        engine.run(actions.delete(host, vm.name(), true));
        assertThat(storageFiles()).isEmpty();
    }

    @Test
    void aBackingFileOnTheHostOutsideTheTemplateDirectoryIsRefused() throws IOException {
        // The classic qcow2 backing-file escape: the guest would read /etc/hostname as its disk.
        overlay("etc.qcow2", "/etc/hostname", "raw");
        refused("etc.qcow2", CopyMode.LINKED, "layer 2", "/etc/hostname", "outside the template directory");
        // A full copy would copy the host file's bytes into the guest's disk.
        refused("etc.qcow2", CopyMode.FULL, "/etc/hostname");
    }

    @Test
    void aChainThatLeavesTheDirectoryIsRefusedAndAValidTwoLayerChainInsideItIsStillTaken() throws IOException {
        qemuImg("create", "-q", "-f", "qcow2", outside.resolve("o.qcow2").toString(), "1M");
        overlay("sibling.qcow2", "../outside/o.qcow2", "qcow2");
        refused("sibling.qcow2", CopyMode.LINKED, "../outside/o.qcow2", outside.toRealPath() + "/o.qcow2");
        // Two layers, both inside (one in a subdirectory, on its parent's file by a relative name).
        overlay("chain.qcow2", "base.qcow2", "qcow2");
        Files.createDirectories(templates.resolve("sub"));
        overlay("sub/deep.qcow2", "../chain.qcow2", "qcow2");
        accepted("chain.qcow2", CopyMode.LINKED);
        accepted("chain.qcow2", CopyMode.FULL);
        accepted("sub/deep.qcow2", CopyMode.LINKED);
        accepted("base.qcow2", CopyMode.LINKED);
        // A symbolic link out of the directory is refused as before.
        Files.createSymbolicLink(templates.resolve("link.qcow2"), outside.resolve("o.qcow2"));
        refused("link.qcow2", CopyMode.LINKED, "leads out of the template directory");
    }

    @Test
    void anExternalDataFileOutsideTheTemplateDirectoryIsRefused() throws IOException {
        Path data = outside.resolve("data.raw");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + data, templates.resolve("data.qcow2").toString(),
                "1M");
        refused("data.qcow2", CopyMode.LINKED, "external file '" + data + "'", "outside the template directory");
        refused("data.qcow2", CopyMode.FULL, "'" + data + "'");
        // Inside the template directory, given by its absolute path, an external data file is fine.
        qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + templates.resolve("data-in.raw"),
                templates.resolve("data-in.qcow2").toString(), "1M");
        accepted("data-in.qcow2", CopyMode.LINKED);
        accepted("data-in.qcow2", CopyMode.FULL);
    }

    @Test
    void aRelativeExternalDataFileIsRefusedForItsMeaningDependsOnTheReader() throws IOException {
        // Made with an absolute name (qemu-img create would resolve a relative one against its own
        // working directory), then renamed in the header to a relative one (amend opens no data file).
        Path image = templates.resolve("data-rel.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "data_file=" + templates.resolve("data-rel.raw"), image.toString(),
                "1M");
        qemuImg("amend", "-f", "qcow2", "-o", "data_file=data-rel.raw", image.toString());
        refused("data-rel.qcow2", CopyMode.LINKED, "'data-rel.raw'", "relative name");
    }

    @Test
    void aFileNamedQcow2ThatIsNotAQcow2IsRefusedNamingWhatItIs() throws IOException {
        // Before: probed as raw and given to the guest as a raw disk.
        Files.writeString(templates.resolve("text.qcow2"), "not a disk image\n");
        refused("text.qcow2", CopyMode.LINKED, "named as a qcow2 image", "detects format 'raw'");
        qemuImg("create", "-q", "-f", "raw", templates.resolve("raw.qcow2").toString(), "1M");
        refused("raw.qcow2", CopyMode.FULL, "named as a qcow2 image", "detects format 'raw'");
        qemuImg("create", "-q", "-f", "qcow2", templates.resolve("q.raw").toString(), "1M");
        refused("q.raw", CopyMode.LINKED, "named as a raw image", "detects format 'qcow2'");
        // Named for what it is, a raw image is taken.
        qemuImg("create", "-q", "-f", "raw", templates.resolve("disk.img").toString(), "1M");
        accepted("disk.img", CopyMode.LINKED);
        // Cloud images are qcow2 files named .img: the name promises no format, the probe decides.
        qemuImg("create", "-q", "-f", "qcow2", templates.resolve("cloud.img").toString(), "1M");
        accepted("cloud.img", CopyMode.LINKED);
    }

    @Test
    void aBackingFileWhoseFormatIsNotRecordedIsRefused() throws IOException {
        // qemu-img 7 no longer writes such an image: write the backing file's name into the header by
        // hand (qcow2 header: backing_file_offset at byte 8, backing_file_size at byte 16).
        Path image = templates.resolve("nofmt.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", image.toString(), "1M");
        byte[] backing = "base.qcow2".getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.seek(8);
            f.writeLong(1024);
            f.writeInt(backing.length);
            f.seek(1024);
            f.write(backing);
        }
        refused("nofmt.qcow2", CopyMode.LINKED, "'base.qcow2' without the backing file's format");
    }

    @Test
    void inspectAtTheDoorRefusesAsTheStepDoesAndFindsMissingTemplates() {
        overlay("etc.qcow2", "/etc/hostname", "raw");
        assertThatThrownBy(() -> CopyTemplate.inspect(templates, "etc.qcow2", TIMEOUT))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT))
                .hasMessageContaining("template 'etc.qcow2': layer 2 of its backing chain, '/etc/hostname', is "
                        + "/etc/hostname, outside the template directory");
        assertThatThrownBy(() -> CopyTemplate.inspect(templates, "none.qcow2", TIMEOUT))
                .isInstanceOfSatisfying(CommandException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND))
                .hasMessageContaining("'none.qcow2'");
        assertThatThrownBy(() -> CopyTemplate.inspect(templates, "../outside/x.qcow2", TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'../outside/x.qcow2'");
        overlay("chain.qcow2", "base.qcow2", "qcow2");
        assertThat(CopyTemplate.inspect(templates, "chain.qcow2", TIMEOUT)).isEqualTo("qcow2");
    }
}
