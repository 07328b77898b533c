package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Round trips of real {@code virsh dumpxml} output captured from libvirt 9.0 / QEMU 7.2 (TCG) on
 * the project's test host (see {@code src/test/resources/xml/README.md}).
 */
class RealDumpxmlRoundTripTest {

    static Stream<String> realDumps() {
        return Stream.of(
                "running-transient-user-qcow2-serialfile-kernel.xml",
                "persistent-raw-cdrom-network-bridge-spice.xml",
                "running-persistent-pty-kernel-readonly.xml",
                "inactive-persistent-pty-kernel-readonly.xml");
    }

    static String resource(String name) {
        try (InputStream in = RealDumpxmlRoundTripTest.class.getResourceAsStream("/xml/" + name)) {
            assertThat(in).as("test resource /xml/%s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("realDumps")
    void unmodifiedRoundTripKeepsEveryElementAttributeAndDeviceOrder(String file) {
        String original = resource(file);

        String written = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(original));

        assertThat(CanonicalXml.of(written)).isEqualTo(CanonicalXml.of(original));
    }

    @ParameterizedTest
    @MethodSource("realDumps")
    void changedMemoryAndMacAreWrittenAndEverythingElseSurvives(String file) throws Exception {
        String original = resource(file);
        DomainXml vm = DomainXmlCodec.fromXml(original);

        vm.setMemoryMiB(777).setMac(0, "52:54:00:DE:AD:01");
        DomainXml reread = DomainXmlCodec.fromXml(DomainXmlCodec.toXml(vm));

        assertThat(reread.memoryKiB()).isEqualTo(777 * 1024);
        assertThat(reread.macs().get(0)).isEqualTo("52:54:00:de:ad:01");
        Document expected = CanonicalXml.parse(original);
        set(expected, "/domain/memory", 777 * 1024 + "");
        set(expected, "/domain/currentMemory", 777 * 1024 + "");
        ((Element) node(expected, "/domain/devices/interface[1]/mac")).setAttribute("address", "52:54:00:de:ad:01");
        assertThat(CanonicalXml.of(DomainXmlCodec.toXml(reread)))
                .isEqualTo(CanonicalXml.of(expected.getDocumentElement()));
    }

    @ParameterizedTest
    @MethodSource("realDumps")
    void knownFieldsOfRealDumpsAreRead(String file) {
        DomainXml vm = DomainXmlCodec.fromXml(resource(file));

        assertThat(vm.type()).isEqualTo("qemu");
        assertThat(vm.name()).startsWith("iaas-xml-");
        assertThat(vm.uuid()).isPresent();
        assertThat(vm.memoryKiB()).isPositive();
        assertThat(vm.vcpus()).isPositive();
        assertThat(vm.vcpuPlacement()).contains("static");
        assertThat(vm.os().flatMap(Os::type)).contains("hvm");
        assertThat(vm.os().flatMap(Os::machine)).contains("pc-i440fx-7.2");
        assertThat(vm.features().map(Features::acpi)).contains(true);
        assertThat(vm.devices().emulator()).contains("/usr/bin/qemu-system-x86_64");
        assertThat(vm.macs()).allMatch(m -> m.matches("52:54:00:aa:bb:0[1-4]"));
        assertThat(vm.disks()).isNotEmpty().allMatch(p -> p.startsWith("/tmp/iaas-xml/"));
    }

    @org.junit.jupiter.api.Test
    void runningTransientDumpIsReadInDetail() {
        DomainXml vm = DomainXmlCodec.fromXml(resource("running-transient-user-qcow2-serialfile-kernel.xml"));

        assertThat(vm.name()).isEqualTo("iaas-xml-running");
        assertThat(vm.uuid().orElseThrow()).hasToString("16b6d630-4a40-41c3-92a7-48541a2ee5ef");
        assertThat(vm.memoryKiB()).isEqualTo(131072);
        assertThat(vm.currentMemoryKiB()).hasValue(131072);
        Os os = vm.os().orElseThrow();
        assertThat(os.kernel()).contains("/var/tmp/iaas-engine/guest/vmlinuz");
        assertThat(os.initrd()).contains("/var/tmp/iaas-engine/guest/initrd.gz");
        assertThat(os.cmdline()).contains("console=ttyS0 quiet");
        assertThat(os.bootDevices()).containsExactly("hd");
        assertThat(vm.onPoweroff()).contains("destroy");
        assertThat(vm.onReboot()).contains("restart");
        Disk disk = vm.devices().disks().get(0);
        assertThat(disk.type()).contains("file");
        assertThat(disk.device()).isEqualTo("disk");
        assertThat(disk.format()).contains("qcow2");
        assertThat(disk.sourceFile()).contains("/tmp/iaas-xml/disk1.qcow2");
        assertThat(disk.targetDev()).contains("vda");
        assertThat(disk.bus()).contains("virtio");
        NetInterface nic = vm.devices().interfaces().get(0);
        assertThat(nic.type()).isEqualTo("user");
        assertThat(nic.model()).contains("virtio");
        Serial serial = vm.devices().serials().get(0);
        assertThat(serial.type()).isEqualTo("file");
        assertThat(serial.sourcePath()).contains("/tmp/iaas-xml/console-running.log");
        assertThat(serial.targetType()).contains("isa-serial");
        assertThat(serial.targetPort()).contains(0);
        Console console = vm.devices().consoles().get(0);
        assertThat(console.targetType()).contains("serial");
        Graphics vnc = vm.devices().graphics().get(0);
        assertThat(vnc.type()).isEqualTo("vnc");
        assertThat(vnc.port()).contains(5900);
        assertThat(vnc.autoport()).isTrue();
        assertThat(vnc.listen()).contains("127.0.0.1");
        assertThat(vm.devices().entries()).extracting(DomainXmlTestSupport::tag).containsExactly(
                "disk", "controller", "controller", "interface", "serial", "console", "input", "input",
                "graphics", "audio", "video", "memballoon");
    }

    @org.junit.jupiter.api.Test
    void persistentDumpIsReadInDetail() {
        DomainXml vm = DomainXmlCodec.fromXml(resource("persistent-raw-cdrom-network-bridge-spice.xml"));

        assertThat(vm.memoryKiB()).isEqualTo(1024 * 1024);
        assertThat(vm.currentMemoryKiB()).hasValue(512 * 1024);
        assertThat(vm.vcpus()).isEqualTo(2);
        assertThat(vm.os().orElseThrow().bootDevices()).containsExactly("cdrom", "hd");
        assertThat(vm.onCrash()).contains("restart");
        List<Disk> disks = vm.devices().disks();
        assertThat(disks).extracting(Disk::device).containsExactly("disk", "cdrom");
        assertThat(disks.get(0).format()).contains("raw");
        assertThat(disks.get(1).readonly()).isTrue();
        assertThat(disks.get(1).sourceFile()).isEmpty();
        assertThat(vm.disks()).containsExactly("/tmp/iaas-xml/disk2.raw");
        assertThat(vm.macs()).containsExactly("52:54:00:aa:bb:02", "52:54:00:aa:bb:03");
        assertThat(vm.devices().interfaces().get(0).sourceNetwork()).contains("default");
        assertThat(vm.devices().interfaces().get(1).sourceBridge()).contains("br-iaas-test");
        assertThat(vm.devices().serials().get(0).type()).isEqualTo("pty");
        assertThat(vm.devices().graphics().get(0).type()).isEqualTo("spice");
    }

    @org.junit.jupiter.api.Test
    void settingVcpusBelowCurrentLowersCurrentAndKeepsPlacement() {
        DomainXml vm = DomainXmlCodec.fromXml(resource("persistent-raw-cdrom-network-bridge-spice.xml"));

        String xml = DomainXmlCodec.toXml(vm.setVcpus(4));
        assertThat(xml).contains("<vcpu placement=\"static\" current=\"1\">4</vcpu>");
        String fewer = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(
                xml.replace("current=\"1\"", "current=\"4\"")).setVcpus(2));
        assertThat(fewer).contains("<vcpu placement=\"static\" current=\"2\">2</vcpu>");
    }

    private static Node node(Document doc, String xpath) throws XPathExpressionException {
        NodeList nodes = (NodeList) XPathFactory.newDefaultInstance().newXPath()
                .evaluate(xpath, doc, XPathConstants.NODESET);
        assertThat(nodes.getLength()).as(xpath).isEqualTo(1);
        return nodes.item(0);
    }

    private static void set(Document doc, String xpath, String text) throws XPathExpressionException {
        Element e = (Element) node(doc, xpath);
        e.setTextContent(text);
        e.setAttribute("unit", "KiB");
    }
}
