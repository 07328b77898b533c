package org.iaasengine.libvirt.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.exec.ProcessRunner;
import org.iaasengine.libvirt.xml.DeviceXml;
import org.iaasengine.libvirt.xml.DomainBackupXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The device and backup calls of every {@link LibvirtDriver} ({@link LibvirtDriver#attachDevice},
 * {@link LibvirtDriver#detachDevice}, {@link LibvirtDriver#backupBegin},
 * {@link LibvirtDriver#finishedJob}) on the real libvirtd, with firmware-only domains (no OS: they
 * take a hot-plug, and never consent to an unplug). Each driver's integration test extends it.
 * Domains and files are named {@code iaas-dev-ct-<driver>-*}.
 */
public abstract class AbstractDeviceContract {
    private static final Path STORAGE = Path.of("/var/tmp/iaas-engine/storage");

    protected LibvirtDriver driver;
    private final List<String> domains = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();

    protected abstract LibvirtDriver open(String uri);

    protected abstract String prefix();

    @BeforeEach
    void openDriver() {
        driver = open(RealHosts.HOST1);
        RealHosts.removeLeftovers(driver, "iaas-dev-ct-" + prefix() + "-");
    }

    @AfterEach
    void cleanUp() throws Exception {
        RealHosts.removeLeftovers(driver, "iaas-dev-ct-" + prefix() + "-");
        driver.close();
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }

    private String name(String suffix) {
        String n = "iaas-dev-ct-" + prefix() + "-" + suffix;
        domains.add(n);
        return n;
    }

    private String blankDisk(String suffix) {
        Path f = STORAGE.resolve("iaas-dev-ct-" + prefix() + "-" + suffix + ".qcow2");
        files.add(f);
        ProcessRunner.Result r = ProcessRunner.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", f.toString(),
                "16M"), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        return f.toString();
    }

    private boolean hasDisk(String vm, boolean inactive, String target) {
        return DeviceXml.findDisk(DomainXmlCodec.fromXml(driver.dumpXml(vm, inactive)), target).isPresent();
    }

    @Test
    void aDiskHotPluggedLiveAndPersistentIsInBothDefinitionsAndTheConfigHalfLeavesAlone() {
        String n = name("both");
        driver.define(RealHosts.tinyDomainXml(n, "52:54:00:de:00:01"));
        driver.start(n, false);
        String disk = DeviceXml.toXml(DeviceXml.fileDisk(blankDisk("both"), "qcow2", "vdb"));

        driver.attachDevice(n, disk, DeviceScope.LIVE_AND_CONFIG);
        assertThat(hasDisk(n, false, "vdb")).as("live").isTrue();
        assertThat(hasDisk(n, true, "vdb")).as("persistent").isTrue();

        driver.detachDevice(n, disk, DeviceScope.CONFIG);
        assertThat(hasDisk(n, true, "vdb")).as("persistent after the CONFIG detach").isFalse();
        assertThat(hasDisk(n, false, "vdb")).as("live after the CONFIG detach").isTrue();
    }

    @Test
    void aNicHotPluggedLiveIntoATransientDomainIsListedWithItsMac() {
        String n = name("nic");
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:de:00:02"), false);
        driver.attachDevice(n, DeviceXml.toXml(DeviceXml.nic("user", "52:54:00:de:00:03", "virtio")), DeviceScope.LIVE);
        assertThat(driver.interfaces(n)).extracting(DomainInterface::mac)
                .containsExactly("52:54:00:de:00:02", "52:54:00:de:00:03");
    }

    @Test
    void aGuestWithoutAnOsKeepsTheDeviceAfterALiveDetachThatLibvirtAccepted() {
        String n = name("ignore");
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:de:00:04"), false);
        String disk = DeviceXml.toXml(DeviceXml.fileDisk(blankDisk("ignore"), "qcow2", "vdb"));
        driver.attachDevice(n, disk, DeviceScope.LIVE);
        driver.detachDevice(n, disk, DeviceScope.LIVE); // libvirt waits ~5 s for the guest, then returns
        assertThat(hasDisk(n, false, "vdb")).as("the unplug is pending: the disk is still there").isTrue();
    }

    @Test
    void deviceCallsOnAMissingDomainAreNotFoundAndTheConfigHalfOfATransientOneIsRefused() {
        String disk = DeviceXml.toXml(DeviceXml.fileDisk("/var/tmp/iaas-engine/storage/none.qcow2", "qcow2", "vdb"));
        assertThatThrownBy(() -> driver.attachDevice("iaas-dev-ct-" + prefix() + "-missing", disk, DeviceScope.LIVE))
                .isInstanceOfSatisfying(DriverException.class, e -> {
                    assertThat(e.error()).isEqualTo(LibvirtError.NO_DOMAIN);
                    assertThat(e.category()).isEqualTo(FailureCategory.NOT_FOUND);
                });
        String n = name("transient");
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:de:00:05"), false);
        assertThatThrownBy(() -> driver.attachDevice(n, disk, DeviceScope.CONFIG))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.error()).isEqualTo(LibvirtError.OPERATION_INVALID));
    }

    @Test
    void aPushBackupCopiesARunningDomainsDiskAsItWasAndItsFinishedJobIsReadOnce() throws Exception {
        String n = name("backup");
        driver.create(RealHosts.tinyDomainXml(n, "52:54:00:de:00:06"), false);
        String src = blankDisk("backup-src");
        assertThat(ProcessRunner.run(List.of("qemu-io", "-f", "qcow2", "-c", "write -P 0x5a 1M 2M", src),
                Duration.ofSeconds(30)).exitCode()).isZero();
        driver.attachDevice(n, DeviceXml.toXml(DeviceXml.fileDisk(src, "qcow2", "vdb")), DeviceScope.LIVE);
        Path copy = STORAGE.resolve("iaas-dev-ct-" + prefix() + "-backup-copy.qcow2");
        files.add(copy);
        driver.finishedJob(n); // whatever an earlier job left

        driver.backupBegin(n, DomainBackupXml.push("vdb", copy.toString(), "qcow2").toXml());
        assertThat(RealHosts.await(Duration.ofSeconds(30), () -> driver.jobProgress(n).isEmpty())).isTrue();
        FinishedJob job = driver.finishedJob(n).orElseThrow();
        assertThat(job.operation()).isEqualTo(FinishedJob.Operation.BACKUP);
        assertThat(job.outcome()).isEqualTo(FinishedJob.Outcome.COMPLETED);
        assertThat(job.backupCompleted()).isTrue();
        assertThat(driver.finishedJob(n)).as("libvirt forgets it once read").isEmpty();
        assertThat(ProcessRunner.run(List.of("qemu-img", "compare", "-U", "-f", "qcow2", "-F", "qcow2", src,
                copy.toString()), Duration.ofSeconds(30)).exitCode()).as("the copy holds the disk's data").isZero();
        assertThat(driver.state(n).state()).isEqualTo(DomainState.RUNNING);

        // A target libvirt cannot create fails at once and leaves no job; a missing domain is NO_DOMAIN.
        assertThatThrownBy(() -> driver.backupBegin(n, DomainBackupXml.push("vdb",
                "/var/tmp/iaas-engine/no-such-dir/copy.qcow2", "qcow2").toXml())).isInstanceOf(DriverException.class);
        assertThat(driver.jobProgress(n)).isEmpty();
        assertThatThrownBy(() -> driver.backupBegin("iaas-dev-ct-" + prefix() + "-missing",
                DomainBackupXml.push("vdb", copy.toString(), "qcow2").toXml()))
                .isInstanceOfSatisfying(DriverException.class,
                        e -> assertThat(e.error()).isEqualTo(LibvirtError.NO_DOMAIN));
        assertThat(driver.finishedJob("iaas-dev-ct-" + prefix() + "-missing")).isEmpty();
    }
}
