package org.iaasengine.libvirt.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documented read-modify-write, {@code DomainXmlCodec.fromXml(driver.dumpXml(name, true))},
 * a setter, {@code driver.define(DomainXmlCodec.toXml(vm))}, held against the real libvirtd for
 * every {@link LibvirtDriver}: what it did not change survives (the VNC password, which libvirt
 * gives only with secure data), and what it changed takes effect. A contract of its own, beside
 * {@link AbstractLibvirtDriverContract}, so that it touches only its own {@code xmlit-*} domains.
 * Each driver's integration test extends this class and says how to open the driver.
 */
public abstract class AbstractReadModifyWriteContract {
    /** A real capture with a VNC password, one NUMA cell, a 1x2x1 topology and vCPU pins. */
    private static final String TUNED =
            "/xml/inactive-numa1-topology-cputune-resource-sysinfo-metadata-vncpasswd.xml";

    protected LibvirtDriver driver;
    private final List<String> created = new ArrayList<>();

    /** Opens the driver under test on {@code uri}. */
    protected abstract LibvirtDriver open(String uri);

    /** A short prefix naming the driver, so parallel suites never share a domain name. */
    protected abstract String prefix();

    @BeforeEach
    void openDriver() {
        driver = open(RealHosts.HOST1);
        RealHosts.removeLeftovers(driver, "xmlit-" + prefix() + "-");
    }

    @AfterEach
    void cleanUp() {
        for (String name : created) {
            try {
                driver.destroy(name);
            } catch (DriverException ignored) {
                // not running
            }
            try {
                driver.undefine(name);
            } catch (DriverException ignored) {
                // already gone
            }
        }
        driver.close();
    }

    private String name(String suffix) {
        String n = "xmlit-" + prefix() + "-" + suffix;
        created.add(n);
        return n;
    }

    private void defineFromCapture(String n) throws Exception {
        DomainXml vm = DomainXmlCodec.fromXml(capture(TUNED)).setName(n).setUuid(UUID.randomUUID());
        driver.define(DomainXmlCodec.toXml(vm));
    }

    @Test
    void readModifyWriteThroughDumpXmlKeepsTheVncPassword() throws Exception {
        String n = name("secret");
        defineFromCapture(n);

        DomainXml vm = DomainXmlCodec.fromXml(driver.dumpXml(n, true));
        vm.setMemoryMiB(320);
        driver.define(DomainXmlCodec.toXml(vm));

        String secure = virsh("dumpxml", "--inactive", "--security-info", n);
        assertThat(secure).contains("passwd='s3cret'").contains("<memory unit='KiB'>327680</memory>");
        assertThat(driver.dumpXml(n, true)).contains("passwd='s3cret'");
        assertThat(driver.dumpXml(n, false)).as("the live XML has secure data too").contains("passwd='s3cret'");
    }

    @Test
    void readModifyWriteOfTheMemoryAndVcpusOfANumaGuestTakesEffect() throws Exception {
        String n = name("numa");
        defineFromCapture(n);

        DomainXml vm = DomainXmlCodec.fromXml(driver.dumpXml(n, true));
        vm.setMemoryMiB(384).setVcpus(4);
        driver.define(DomainXmlCodec.toXml(vm));

        DomainXml back = DomainXmlCodec.fromXml(driver.dumpXml(n, true));
        assertThat(back.memoryKiB()).as("libvirt takes the memory from the NUMA cells").isEqualTo(384 * 1024);
        assertThat(back.numaCellMemoryKiB()).containsExactly(384L * 1024);
        assertThat(back.vcpus()).isEqualTo(4);
        assertThat(virsh("dumpxml", "--inactive", n))
                .contains("<topology sockets='2' dies='1' cores='2' threads='1'/>")
                .contains("<cell id='0' cpus='0-3' memory='393216' unit='KiB'/>");
        assertThat(driver.info(n).maxMemoryKiB()).isEqualTo(384 * 1024);
        assertThat(driver.info(n).vcpus()).isEqualTo(4);

        driver.start(n, true);
        assertThat(driver.info(n).vcpus()).as("vCPUs of the started guest").isEqualTo(4);
        assertThat(DomainXmlCodec.fromXml(driver.dumpXml(n, false)).numaCellMemoryKiB())
                .as("NUMA cell of the started guest").containsExactly(384L * 1024);
        driver.destroy(n);
    }

    private static String capture(String resource) throws Exception {
        try (InputStream in = AbstractReadModifyWriteContract.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** virsh itself, independent of the driver under test: an argument array and a 60 s timeout. */
    private static String virsh(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", RealHosts.HOST1));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("xmlit-virsh", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + cmd);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("%s: %s", cmd, text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
