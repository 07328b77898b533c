package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The XML this package writes, fed to the real libvirtd ({@code scripts/libvirt-up.sh}) through
 * {@code virsh define --validate} (libvirt's RNG schema) and read back. Fails, never skips, when
 * virsh or the daemon is missing. Every domain is named {@code xmlit-*} and undefined after.
 * Every capture, read and written back after each setter, is defined with {@code --validate}.
 */
class DomainXmlLibvirtIT {
    private static final String URI = System.getProperty("iaas.host1", "qemu:///system");
    private static final Path GUEST = Path.of("/var/tmp/iaas-engine/guest");

    private final List<UUID> defined = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void removeDomains() throws Exception {
        for (UUID id : defined) {
            virsh("destroy", id.toString());
            virsh("undefine", "--domain", id.toString());
        }
    }

    @Test
    void builderXmlIsAcceptedByLibvirtAndReadBackUnchanged() throws Exception {
        Path disk = dir.resolve("it.qcow2");
        run("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M");
        UUID id = UUID.randomUUID();
        DomainXml vm = DomainXml.builder("xmlit-builder").type("qemu").memoryMiB(96).vcpus(2).uuid(id)
                .directKernel(GUEST.resolve("vmlinuz").toString(), GUEST.resolve("initrd.gz").toString(),
                        "console=ttyS0 quiet")
                .acpi(true).apic(true)
                .disk(disk.toString(), "qcow2", "vda")
                .cdrom(null, "hdc")
                .userInterface("52:54:00:11:22:01").interfaceModel("virtio")
                .networkInterface("default", "52:54:00:11:22:02")
                .bridgeInterface("br-iaas-none", "52:54:00:11:22:03")
                .serialFile(dir.resolve("console.log").toString())
                .graphicsVnc("127.0.0.1")
                .build();

        DomainXml back = defineAndRead(vm);

        assertThat(back.name()).isEqualTo("xmlit-builder");
        assertThat(back.uuid()).contains(id);
        assertThat(back.memoryKiB()).isEqualTo(96 * 1024);
        assertThat(back.vcpus()).isEqualTo(2);
        assertThat(back.os().flatMap(Os::kernel)).contains(GUEST.resolve("vmlinuz").toString());
        assertThat(back.os().flatMap(Os::cmdline)).contains("console=ttyS0 quiet");
        assertThat(back.features().map(Features::acpi)).contains(true);
        assertThat(back.disks()).containsExactly(disk.toString());
        assertThat(back.devices().disks().get(0).format()).contains("qcow2");
        assertThat(back.devices().disks().get(1).device()).isEqualTo("cdrom");
        assertThat(back.macs()).containsExactly("52:54:00:11:22:01", "52:54:00:11:22:02", "52:54:00:11:22:03");
        assertThat(back.devices().serials().get(0).sourcePath()).contains(dir.resolve("console.log").toString());
        assertThat(back.devices().consoles()).as("libvirt adds a console for serial 0").hasSize(1);
        assertThat(back.devices().graphics().get(0).type()).isEqualTo("vnc");
    }

    @Test
    void headlessBuilderXmlBootsTheTinyGuestUnderTcg() throws Exception {
        UUID id = UUID.randomUUID();
        DomainXml vm = DomainXml.builder("xmlit-boot").memoryMiB(128).uuid(id)
                .directKernel(GUEST.resolve("vmlinuz").toString(), GUEST.resolve("initrd.gz").toString(),
                        "console=ttyS0 quiet")
                .acpi(true).userInterface("52:54:00:11:22:09")
                .serialFile(dir.resolve("boot.log").toString()).graphicsNone().build();
        Path xml = Files.writeString(dir.resolve("boot.xml"), DomainXmlCodec.toXml(vm));
        defined.add(id);

        assertThat(virsh("create", xml.toString())).extracting(Result::exit).isEqualTo(0);

        Result state = virsh("domstate", id.toString());
        assertThat(state.out().strip()).isEqualTo("running");
        DomainXml live = DomainXmlCodec.fromXml(virsh("dumpxml", id.toString()).out());
        assertThat(live.otherAttributes()).containsKey(new javax.xml.namespace.QName("id"));
        assertThat(live.devices().graphics()).isEmpty();
    }

    static List<String> realDumps() {
        return RealDumpxmlRoundTripTest.realDumps().toList();
    }

    @ParameterizedTest
    @MethodSource("realDumps")
    void remarshalledRealDumpDefinesToTheSameDomainAsTheOriginalWithTheSameChanges(String file) throws Exception {
        String original = RealDumpxmlRoundTripTest.resource(file);
        UUID id = UUID.randomUUID();
        String name = "xmlit-rt";

        DomainXml ours = DomainXmlCodec.fromXml(original).setName(name).setUuid(id).setMemoryMiB(96)
                .setMac(0, "52:54:00:11:22:aa");
        String viaModel = definedInactiveXml(DomainXmlCodec.toXml(ours), id);

        Document doc = CanonicalXml.parse(original);
        Element root = doc.getDocumentElement();
        root.getElementsByTagName("name").item(0).setTextContent(name);
        root.getElementsByTagName("uuid").item(0).setTextContent(id.toString());
        for (String tag : new String[] {"memory", "currentMemory"}) {
            Element e = (Element) root.getElementsByTagName(tag).item(0);
            e.setTextContent(Long.toString(96 * 1024));
            e.setAttribute("unit", "KiB");
        }
        ((Element) XPathFactory.newDefaultInstance().newXPath()
                .evaluate("/domain/devices/interface[1]/mac", doc, XPathConstants.NODE))
                .setAttribute("address", "52:54:00:11:22:aa");
        String viaDom = definedInactiveXml(toText(doc), id);

        assertThat(CanonicalXml.of(viaModel)).isEqualTo(CanonicalXml.of(viaDom));
        DomainXml back = DomainXmlCodec.fromXml(viaModel);
        assertThat(back.memoryKiB()).isEqualTo(96 * 1024);
        assertThat(back.macs().get(0)).isEqualTo("52:54:00:11:22:aa");
    }

    static Stream<Arguments> everyCaptureAfterEachSetter() {
        return ReadModifyWriteTest.settersOnEveryCapture();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyCaptureAfterEachSetter")
    void libvirtDefinesWithValidateEveryDocumentWrittenBackAndTheChangeTakesEffect(String file, String setter,
            UnaryOperator<DomainXml> change) throws Exception {
        DomainXml vm = DomainXmlCodec.fromXml(RealDumpxmlRoundTripTest.resource(file)).setName("xmlit-validate")
                .setUuid(UUID.randomUUID());
        change.apply(vm);
        UUID id = vm.uuid().orElseThrow();

        DomainXml back = DomainXmlCodec.fromXml(definedInactiveXml(DomainXmlCodec.toXml(vm), id));

        assertThat(back.name()).isEqualTo(vm.name());
        assertThat(back.memoryKiB()).isEqualTo(vm.memoryKiB());
        assertThat(back.vcpus()).isEqualTo(vm.vcpus());
        assertThat(back.numaCellMemoryKiB()).isEqualTo(vm.numaCellMemoryKiB());
        assertThat(back.macs()).isEqualTo(vm.macs());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 6})
    void perVcpuStatesAndPinsAdjustedBySetVcpusAreAcceptedAndKeptByLibvirt(int n) throws Exception {
        String oneCell = ReadModifyWriteTest.oneCell(RealDumpxmlRoundTripTest.resource(ReadModifyWriteTest.NUMA2), "0-3");
        UUID id = UUID.randomUUID();
        DomainXml vm = DomainXmlCodec.fromXml(oneCell).setName("xmlit-vcpus").setUuid(id).setVcpus(n);

        String back = definedInactiveXml(DomainXmlCodec.toXml(vm), id);

        assertThat(DomainXmlCodec.fromXml(back).vcpus()).isEqualTo(n);
        // libvirt leaves out current when all vCPUs are online
        assertThat(back).contains(n == 2 ? "<vcpu placement='static'>2</vcpu>"
                        : "<vcpu placement='static' current='2'>" + n + "</vcpu>")
                .contains("<vcpu id='" + (n - 1) + "' enabled='" + (n == 2 ? "yes" : "no") + "' hotpluggable='yes'")
                .doesNotContain("<vcpu id='" + n + "'")
                .contains("<cell id='0' cpus='0-" + (n - 1) + "'")
                .contains("sockets='" + n / 2 + "'");
        assertThat(back.contains("<vcpupin vcpu='3'")).as("pin of vCPU 3 kept only if it still exists").isEqualTo(n > 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"xmlit-<&>'\"", "xmlit-; $(id) `id`", "xmlit- a b ",
        "xmlit-ünï日本🚀", "xmlit-a<name>b<memory>1<memory>", "xmlit-\tx", "xmlit-]]>"})
    void hostileNamesAreDefinedByLibvirtAsLiteralText(String hostile) throws Exception {
        UUID id = UUID.randomUUID();
        DomainXml vm = DomainXml.builder(hostile).memoryMiB(32).uuid(id).build();

        DomainXml back = defineAndRead(vm);

        assertThat(back.name()).isEqualTo(hostile);
        assertThat(back.memoryKiB()).isEqualTo(32 * 1024);
    }

    @Test
    void longestNameTheBuilderAllowsIsAcceptedByLibvirt() throws Exception {
        String name = "xmlit-" + "n".repeat(Checks.MAX_NAME_UTF8_BYTES - "xmlit-".length());
        UUID id = UUID.randomUUID();

        assertThat(defineAndRead(DomainXml.builder(name).memoryMiB(32).uuid(id).build()).name()).isEqualTo(name);
    }

    private DomainXml defineAndRead(DomainXml vm) throws Exception {
        UUID id = vm.uuid().orElseThrow();
        return DomainXmlCodec.fromXml(definedInactiveXml(DomainXmlCodec.toXml(vm), id));
    }

    private String definedInactiveXml(String xml, UUID id) throws Exception {
        Path file = Files.writeString(dir.resolve("define-" + id + ".xml"), xml);
        defined.add(id);
        Result define = virsh("define", "--validate", file.toString());
        assertThat(define.exit()).as("virsh define: %s%nXML:%n%s", define.err(), xml).isEqualTo(0);
        Result dump = virsh("dumpxml", "--inactive", id.toString());
        assertThat(dump.exit()).as("virsh dumpxml: %s", dump.err()).isEqualTo(0);
        assertThat(virsh("undefine", "--domain", id.toString()).exit()).isEqualTo(0);
        defined.remove(id);
        return dump.out();
    }

    private static String toText(Document doc) throws Exception {
        var out = new java.io.StringWriter();
        javax.xml.transform.TransformerFactory.newDefaultInstance().newTransformer()
                .transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(out));
        return out.toString();
    }

    record Result(int exit, String out, String err) {
    }

    private static Result virsh(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("virsh", "-c", URI, "-q"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private static Result run(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(Map.of("LC_ALL", "C"));
        Path out = Files.createTempFile("xmlit", ".out");
        Path err = Files.createTempFile("xmlit", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out after 60 s: " + String.join(" ", cmd));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
