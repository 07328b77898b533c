package org.iaasengine.libvirt.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.RealHosts;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.xml.Disk;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup images and the metadata drive on the real libvirtd (host 1), once per driver: backups of
 * a stopped and of a running VM (checksum, contents), create from a backup, a corrupted image
 * refused, a backup cancelled or killed half way leaving nothing, and the metadata drive read by
 * the tiny real guest. Domains and files are named {@code iaas-img-*} and removed afterwards.
 */
abstract class AbstractImagesIT {
    static final Path BASE = Path.of("/var/tmp/iaas-engine");
    static final Path GUEST = BASE.resolve("guest");

    @TempDir
    Path tmp;

    private LibvirtDriver d1;
    private LibvirtHost host1;
    private Path work;
    private Path storage;
    private Path imagesDir;
    private ResourceModel model;
    private LibvirtActions actions;
    private Engine engine;
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    protected abstract LibvirtDriver open(String uri);

    protected abstract String prefix();

    @BeforeEach
    void setUp() throws IOException {
        d1 = open(RealHosts.HOST1);
        RealHosts.removeLeftovers(d1, name(""));
        work = Files.createDirectories(BASE.resolve("storage").resolve(name("") + System.nanoTime()));
        storage = Files.createDirectories(work.resolve("disks"));
        imagesDir = work.resolve("images");
        host1 = LibvirtHost.builder("host1", d1).domainType("qemu").templates(BASE.resolve("templates"))
                .storage(storage).images(imagesDir).store(DefinitionStore.open(tmp.resolve("definitions")))
                .processTimeout(Duration.ofMinutes(5)).build();
        model = new ResourceModel();
        actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(1)).acpiResend(Duration.ofSeconds(1));
        engine = Engine.builder().workers(4).listener(events::add).build();
    }

    @AfterEach
    void tearDown() throws IOException {
        engine.close();
        for (DomainSummary s : d1.listDomains()) {
            if (s.name().startsWith(name(""))) {
                quietly(() -> d1.destroy(s.name()));
                quietly(() -> d1.undefine(s.name()));
            }
        }
        List<String> left = d1.listDomains().stream().map(DomainSummary::name).filter(n -> n.startsWith(name("")))
                .toList();
        d1.close();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
        assertThat(left).as("domains this suite left on host 1").isEmpty();
    }

    private static void quietly(Runnable r) {
        try {
            r.run();
        } catch (DriverException ignored) {
            // gone already
        }
    }

    String name(String suffix) {
        return "iaas-img-" + prefix() + "-" + suffix;
    }

    private List<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static ProcessRunner.Result run(String... argv) {
        return ProcessRunner.run(List.of(argv), Duration.ofMinutes(2));
    }

    /** A persistent VM with a linked clone of base.qcow2, running (in its firmware: it has no OS). */
    private Vm createVm(String n) {
        return engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2").memoryMiB(32)
                .lifecycle(Lifecycle.PERSISTENT).build()));
    }

    private Path diskOf(Vm vm) {
        return storage.resolve(vm.uuid() + ".qcow2");
    }

    /** Writes a byte pattern into a stopped VM's qcow2 disk (qemu-io), so that a copy has something to carry. */
    private static void writePattern(Path disk) {
        assertThat(run("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 3M", disk.toString()).exitCode()).isZero();
    }

    /** Replaces a stopped VM's disk with a qcow2 of {@code mib} MiB of random data (slow to compress). */
    private void fillWithRandomData(Path disk, int mib) throws IOException {
        Path raw = work.resolve("random.raw");
        Random random = new Random(42);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(raw)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(buf);
                out.write(buf);
            }
        }
        assertThat(run("qemu-img", "convert", "-f", "raw", "-O", "qcow2", raw.toString(), disk.toString())
                .exitCode()).isZero();
        Files.delete(raw);
    }

    private static boolean identical(Path image, Path disk) {
        return run("qemu-img", "compare", "-U", "-f", "qcow2", "-F", "qcow2", image.toString(), disk.toString())
                .exitCode() == 0;
    }

    private void stop(String n) {
        d1.destroy(n);
        assertThat(d1.state(n).state()).isEqualTo(DomainState.SHUTOFF);
    }

    private List<EngineEvent.Progress> progress(String actionId) {
        return events.stream().filter(e -> e instanceof EngineEvent.Progress).map(e -> (EngineEvent.Progress) e)
                .filter(p -> p.actionId().equals(actionId)).toList();
    }

    private void assertBackupOf(BackupImage img, String imageName, String vm, Path disk) throws IOException {
        Path file = imagesDir.resolve(imageName + ".qcow2");
        assertThat(img.name()).isEqualTo(imageName);
        assertThat(img.sourceVm()).isEqualTo(vm);
        assertThat(img.sizeBytes()).isEqualTo(Files.size(file));
        assertThat(img.sha256()).isEqualTo(ImageStore.sha256(file)).hasSize(64);
        assertThat(img.virtualSize()).isEqualTo(64L << 20);
        assertThat(host1.images().get(imageName)).contains(img);
        assertThat(host1.images().list()).contains(img);
        assertThat(files(imagesDir)).contains(imageName + ".qcow2", imageName + ".json")
                .noneMatch(f -> f.endsWith(".part") || f.endsWith(".tmp"));
        ProcessRunner.Result info = run("qemu-img", "info", "--output=json", file.toString());
        assertThat(info.stdout()).contains("\"format\": \"qcow2\"").doesNotContain("backing-filename");
        // Compressed: the 3 MiB pattern takes a fraction of its size.
        assertThat(Files.size(file)).isLessThan(1L << 20);
        assertThat(identical(file, disk)).as("image holds the same data as the VM's disk").isTrue();
    }

    @Test
    void backupOfAStoppedVmCopiesItsDiskCompressedWithChecksumAndProgress() throws Exception {
        String n = name("stopped");
        Vm vm = createVm(n);
        stop(n);
        writePattern(diskOf(vm));
        ActionHandle<BackupImage> h = engine.submit(actions.backup(host1, n, name("stopped-img")));
        BackupImage img = h.join();
        assertBackupOf(img, name("stopped-img"), n, diskOf(vm));
        assertThat(img.consistency()).isEqualTo("stopped");
        assertThat(progress(h.id())).isNotEmpty().allSatisfy(p -> assertThat(p.step()).isEqualTo("BackupDisk"));
        assertThat(d1.state(n).state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(model.vm(n).orElseThrow().state()).isEqualTo(VmState.SHUTOFF);
        // The name is taken now: a second backup under it is refused (CONFLICT), the image untouched.
        assertThatThrownBy(() -> engine.run(actions.backup(host1, n, name("stopped-img"))))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.CONFLICT))
                .hasMessageContaining(name("stopped-img")).hasMessageContaining("already exists");
        assertThat(host1.images().verify(name("stopped-img"))).exists();
        engine.run(actions.delete(host1, n, true));
        assertThat(files(storage)).isEmpty();
        assertThat(host1.images().list()).containsExactly(img); // the image outlives its VM
    }

    @Test
    void backupOfARunningVmReadsAPointInTimeCopyWhileTheGuestRunsOn() throws Exception {
        String n = name("running");
        Vm vm = createVm(n);
        stop(n);
        writePattern(diskOf(vm));
        d1.start(n, false);
        List<DomainEvent> lifecycle = new java.util.concurrent.CopyOnWriteArrayList<>();
        BackupImage img;
        try (AutoCloseable sub = d1.subscribe(e -> {
            if (n.equals(e.name())) {
                lifecycle.add(e);
            }
        })) {
            img = engine.run(actions.backup(host1, n, name("running-img")));
        }
        assertThat(img.consistency()).isEqualTo("point-in-time");
        assertBackupOf(img, name("running-img"), n, diskOf(vm));
        assertThat(d1.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(model.vm(n).orElseThrow().state()).isEqualTo(VmState.RUNNING);
        // QEMU's backup job made the copy: the guest was never paused, and no job or copy is left.
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.CommandSucceeded c
                && c.step().equals("AwaitBackupCopy")).hasSize(1);
        assertThat(lifecycle).extracting(DomainEvent::type).doesNotContain(DomainEvent.Type.SUSPENDED);
        assertThat(d1.jobProgress(n)).isEmpty();
        assertThat(d1.finishedJob(n)).as("read by the backup").isEmpty();
        assertThat(files(imagesDir)).noneMatch(f -> f.endsWith(".point"));

        // Create from the backup: checksum checked, full copy (no backing file), same data.
        String copy = name("restored");
        Vm restored = engine.run(actions.create(host1, CreateRequest.builder(copy).backup(name("running-img"))
                .memoryMiB(32).lifecycle(Lifecycle.PERSISTENT).build()));
        assertThat(restored.state()).isEqualTo(VmState.RUNNING);
        Path restoredDisk = diskOf(restored);
        assertThat(run("qemu-img", "info", "-U", "--output=json", restoredDisk.toString()).stdout())
                .doesNotContain("backing-filename");
        assertThat(identical(imagesDir.resolve(name("running-img") + ".qcow2"), restoredDisk)).isTrue();
        assertThat(events).filteredOn(e -> e instanceof EngineEvent.CommandSucceeded c && c.step().equals("VerifyImage"))
                .hasSize(1);
        engine.run(actions.delete(host1, copy, true));
        engine.run(actions.delete(host1, n, true));
        assertThat(files(storage)).isEmpty();
    }

    @Test
    void aCorruptedImageIsRefusedByNameAndNothingIsCreated() throws Exception {
        String n = name("src");
        createVm(n);
        stop(n);
        BackupImage img = engine.run(actions.backup(host1, n, name("bad-img")));
        engine.run(actions.delete(host1, n, true));
        Path file = imagesDir.resolve(name("bad-img") + ".qcow2");
        // One byte changed in the middle; the size stays.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            long at = img.sizeBytes() / 2;
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0xff));
            b.rewind();
            ch.write(b, at);
        }
        String copy = name("from-bad");
        assertThatThrownBy(() -> engine.run(actions.create(host1, CreateRequest.builder(copy).backup(name("bad-img"))
                .memoryMiB(32).build())))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.category()).isEqualTo(FailureCategory.INVALID_INPUT);
                    assertThat(e.failedStep()).isEqualTo("VerifyImage");
                    assertThat(e.getMessage()).contains(name("bad-img")).contains("SHA-256");
                })
                .isNotNull();
        assertThat(d1.lookup(copy)).isEmpty();
        assertThat(files(storage)).isEmpty();
        assertThat(host1.store().get(copy)).isEmpty();
        assertThat(model.vm(copy)).isEmpty();
        // A truncated image: refused by its size.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(img.sizeBytes() - 512);
        }
        assertThatThrownBy(() -> engine.run(actions.create(host1, CreateRequest.builder(copy).backup(name("bad-img"))
                .memoryMiB(32).build()))).hasMessageContaining(name("bad-img")).hasMessageContaining("bytes");
        assertThat(files(storage)).isEmpty();
        // An image that is not there.
        assertThatThrownBy(() -> engine.run(actions.create(host1, CreateRequest.builder(copy).backup(name("none"))
                .memoryMiB(32).build())))
                .isInstanceOfSatisfying(ActionFailedException.class,
                        e -> assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND))
                .hasMessageContaining(name("none"));
        assertThat(d1.lookup(copy)).isEmpty();
    }

    /** The qemu-img processes of this JVM that write into the image store. */
    private List<ProcessHandle> qemuImgs() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("convert") && c.contains(imagesDir.toString()))
                        .orElse(false))
                .toList();
    }

    @Test
    void aBackupCancelledHalfWayLeavesNothingAndTheVmRunsOn() throws Exception {
        String n = name("cancel");
        Vm vm = createVm(n);
        stop(n);
        fillWithRandomData(diskOf(vm), 384);
        d1.start(n, false);
        ActionHandle<BackupImage> h = engine.submit(actions.backup(host1, n, name("cancel-img")));
        // QEMU's point-in-time copy is done; qemu-img's compression of it is under way.
        assertThat(RealHosts.await(Duration.ofSeconds(60), () -> progress(h.id()).stream()
                .anyMatch(p -> p.step().equals("BackupDisk") && p.fraction() > 0.05))).as("copy under way").isTrue();
        assertThat(d1.state(n).state()).as("the guest runs during the copy").isEqualTo(DomainState.RUNNING);
        assertThat(files(imagesDir)).containsExactlyInAnyOrder(name("cancel-img") + ".qcow2.part",
                name("cancel-img") + ".qcow2.point");
        assertThat(h.cancel()).isTrue();
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class,
                e -> assertThat(e.category()).isEqualTo(FailureCategory.CANCELLED));
        assertThat(files(imagesDir)).isEmpty();
        assertThat(RealHosts.await(Duration.ofSeconds(10), () -> qemuImgs().isEmpty())).as("qemu-img gone").isTrue();
        assertThat(d1.state(n).state()).isEqualTo(DomainState.RUNNING);
        assertThat(host1.images().list()).isEmpty();
        engine.run(actions.delete(host1, n, true));
    }

    @Test
    void aBackupWhoseQemuImgIsKilledHalfWayLeavesNothing() throws Exception {
        String n = name("kill");
        Vm vm = createVm(n);
        stop(n);
        fillWithRandomData(diskOf(vm), 384);
        ActionHandle<BackupImage> h = engine.submit(actions.backup(host1, n, name("kill-img")));
        assertThat(RealHosts.await(Duration.ofSeconds(60), () -> progress(h.id()).stream()
                .anyMatch(p -> p.fraction() > 0.05))).as("copy under way").isTrue();
        List<ProcessHandle> procs = qemuImgs();
        assertThat(procs).hasSize(1);
        procs.get(0).destroyForcibly();
        assertThatThrownBy(h::join).isInstanceOfSatisfying(ActionFailedException.class, e -> {
            assertThat(e.failedStep()).isEqualTo("BackupDisk");
            assertThat(e.getMessage()).contains(name("kill-img"));
        });
        assertThat(files(imagesDir)).isEmpty();
        assertThat(d1.state(n).state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(model.vm(n).orElseThrow().state()).isEqualTo(VmState.SHUTOFF);
        engine.run(actions.delete(host1, n, true));
    }

    @Test
    void theRealGuestReadsItsMetadataDriveAndDeleteRemovesIt() throws Exception {
        String n = name("seed");
        Path console = tmp.resolve("console.log");
        Vm vm = engine.run(actions.create(host1, CreateRequest.builder(n).memoryMiB(128).lifecycle(Lifecycle.PERSISTENT)
                .directKernel(GUEST.resolve("vmlinuz").toString(), GUEST.resolve("initrd.gz").toString(),
                        "console=ttyS0 quiet")
                .serialLog(console.toString()).userData("#cloud-config\nhostname: seeded\n").build()));
        Path iso = storage.resolve(vm.uuid() + "-seed.iso");
        assertThat(files(storage)).containsExactly(iso.getFileName().toString());
        List<Disk> disks = DomainXmlCodec.fromXml(d1.dumpXml(n, false)).devices().disks();
        assertThat(disks).singleElement().satisfies(d -> {
            assertThat(d.device()).isEqualTo("cdrom");
            assertThat(d.readonly()).isTrue();
            assertThat(d.sourceFile()).contains(iso.toString());
        });
        String want = "instance-id: " + vm.uuid();
        assertThat(RealHosts.await(Duration.ofSeconds(150), () -> {
            try {
                return Files.exists(console) && Files.readString(console).contains(want);
            } catch (IOException e) {
                return false;
            }
        })).as("guest printed '%s' on its serial console", want).isTrue();
        assertThat(Files.readString(console)).contains("IAAS-GUEST-READY").doesNotContain("INSMOD-FAILED");
        // The seed's other files, as the guest would read them.
        ProcessRunner.Result listing = run("isoinfo", "-i", iso.toString(), "-J", "-f");
        assertThat(listing.stdout()).contains("/meta-data", "/user-data", "/network-config");
        engine.run(actions.delete(host1, n, false));
        assertThat(files(storage)).isEmpty();
    }

    @Test
    void aCreateWithUserDataThatFailsOnTheHostRemovesTheIso() throws Exception {
        String n = name("seedfail");
        assertThatThrownBy(() -> engine.run(actions.create(host1, CreateRequest.builder(n).template("base.qcow2")
                .memoryMiB(32).network("network:iaas-no-such-network").lifecycle(Lifecycle.PERSISTENT)
                .userData("#cloud-config\n").build())))
                .isInstanceOfSatisfying(ActionFailedException.class, e -> {
                    assertThat(e.failedStep()).isEqualTo("StartVm");
                    assertThat(e.reverted()).contains("MakeSeed", "CopyTemplate");
                    assertThat(e.fullyReverted()).isTrue();
                });
        assertThat(files(storage)).isEmpty();
        assertThat(d1.lookup(n)).isEmpty();
        assertThat(files(work).stream().filter(f -> !f.equals("disks"))).isEmpty();
        assertThatThrownBy(() -> actions.create(host1, CreateRequest.builder(n).userData("a\0b").build()))
                .hasMessageContaining("NUL");
    }
}
