package org.iaasengine.libvirt.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The documented read-modify-write ({@code fromXml}, a setter, {@code toXml}) on real
 * {@code virsh dumpxml} captures: nothing moves, nothing is lost, mixed text comes back as it was,
 * what libvirt derives from memory and vCPUs follows the setter, and libvirt's own schema
 * ({@code virt-xml-validate}) accepts every document written back.
 */
class ReadModifyWriteTest {
    static final String TUNED = "inactive-numa1-topology-cputune-resource-sysinfo-metadata-vncpasswd.xml";
    static final String NUMA2 = "inactive-numa2-maxmemory-vcpus-vcpusched.xml";

    /** Every capture: the four older ones and the two with cpu/numa/cputune/resource/sysinfo/metadata. */
    static Stream<String> allCaptures() {
        return Stream.concat(RealDumpxmlRoundTripTest.realDumps(), Stream.of(TUNED, NUMA2));
    }

    static String resource(String name) {
        return RealDumpxmlRoundTripTest.resource(name);
    }

    @ParameterizedTest
    @MethodSource("allCaptures")
    void unmodifiedRoundTripIsTheSameTreeInTheSameOrderAndLibvirtsSchemaAcceptsIt(String file) {
        String original = resource(file);

        String written = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(original));

        XmlTrees.assertSameTree(written, original);
        LibvirtSchema.assertValid(written);
    }

    /** Each setter the library offers, with a value every capture accepts. */
    static Stream<Arguments> settersOnEveryCapture() {
        List<Arguments> all = new ArrayList<>();
        List<UnaryOperator<DomainXml>> setters = List.of(
                vm -> vm.setName("xmlit-renamed"),
                vm -> vm.setUuid(java.util.UUID.fromString("00000000-0000-4000-8000-000000000001")),
                vm -> vm.setMemoryMiB(vm.numaCellMemoryKiB().size() > 1 ? vm.memoryKiB() / 1024 : 300),
                vm -> vm.setVcpus(vm.numaCellMemoryKiB().size() > 1 ? vm.vcpus() : 4),
                vm -> vm.macs().isEmpty() ? vm : vm.setMac(0, "52:54:00:00:00:42"));
        String[] names = {"setName", "setUuid", "setMemoryMiB", "setVcpus", "setMac"};
        allCaptures().forEach(f -> {
            for (int i = 0; i < setters.size(); i++) {
                all.add(Arguments.of(f, names[i], setters.get(i)));
            }
        });
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("settersOnEveryCapture")
    void libvirtsSchemaAcceptsTheDocumentAfterEachSetterAndTheOrderOfChildrenIsKept(String file, String setter,
            UnaryOperator<DomainXml> change) throws Exception {
        String original = resource(file);

        String written = DomainXmlCodec.toXml(change.apply(DomainXmlCodec.fromXml(original)));

        LibvirtSchema.assertValid(written);
        assertThat(childNames(written, "/domain")).isEqualTo(childNames(original, "/domain"));
        assertThat(childNames(written, "/domain/devices")).isEqualTo(childNames(original, "/domain/devices"));
    }

    @Test
    void unknownTopLevelElementsStayBetweenTheKnownOnes() throws Exception {
        String written = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(resource(TUNED)).setMemoryMiB(300));

        assertThat(childNames(written, "/domain")).containsExactly("name", "uuid", "title", "metadata", "memory",
                "currentMemory", "vcpu", "iothreads", "cputune", "resource", "sysinfo", "os", "features", "cpu",
                "clock", "on_poweroff", "on_reboot", "on_crash", "devices");
        assertThat(childNames(written, "/domain/os")).containsExactly("type", "kernel", "initrd", "cmdline", "boot",
                "smbios");
    }

    @Test
    void mixedTextInCustomMetadataComesBackIdentical() {
        String xml = "<domain type='qemu'><name>m</name><metadata><x:m xmlns:x='urn:x'>text <x:i>inner</x:i> tail"
                + "</x:m></metadata><memory unit='KiB'>1024</memory></domain>";

        String written = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(xml));

        assertThat(written).contains("<x:m xmlns:x=\"urn:x\">text <x:i>inner</x:i> tail</x:m>");
        XmlTrees.assertSameTree(written, xml);
    }

    @Test
    void mixedTextOfTheRealCaptureComesBackIdentical() {
        String written = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(resource(TUNED)));

        assertThat(written).contains(">text <app:i>inner</app:i> tail<app:empty/>  <app:b>two  spaces</app:b> end"
                + "</app:config>");
    }

    @Test
    void setVcpusKeepsCoresAndThreadsSetsSocketsAndTheSingleNumaCellsCpus() throws Exception {
        DomainXml vm = DomainXmlCodec.fromXml(resource(TUNED));

        String written = DomainXmlCodec.toXml(vm.setVcpus(4));

        Document d = CanonicalXml.parse(written);
        assertThat(text(d, "/domain/vcpu")).isEqualTo("4");
        assertThat(attr(d, "/domain/vcpu", "cpuset")).isEqualTo("0-1");
        assertThat(attr(d, "/domain/cpu/topology", "sockets")).isEqualTo("2");
        assertThat(attr(d, "/domain/cpu/topology", "cores")).isEqualTo("2");
        assertThat(attr(d, "/domain/cpu/topology", "threads")).isEqualTo("1");
        assertThat(attr(d, "/domain/cpu/topology", "dies")).isEqualTo("1");
        assertThat(attr(d, "/domain/cpu/numa/cell", "cpus")).isEqualTo("0-3");
        assertThat(count(d, "/domain/cputune/vcpupin")).isEqualTo(2);
        LibvirtSchema.assertValid(written);
    }

    @Test
    void setVcpusDropsThePinsOfRemovedVcpusAndKeepsEmulatorAndIothreadPins() throws Exception {
        String noTopology = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(resource(TUNED)));
        Document doc = CanonicalXml.parse(noTopology);
        Node topology = node(doc, "/domain/cpu/topology");
        topology.getParentNode().removeChild(topology);
        DomainXml vm = DomainXmlCodec.fromXml(toText(doc));

        String written = DomainXmlCodec.toXml(vm.setVcpus(1));

        Document d = CanonicalXml.parse(written);
        assertThat(count(d, "/domain/cputune/vcpupin")).isEqualTo(1);
        assertThat(attr(d, "/domain/cputune/vcpupin", "vcpu")).isEqualTo("0");
        assertThat(count(d, "/domain/cputune/emulatorpin")).isEqualTo(1);
        assertThat(count(d, "/domain/cputune/iothreadpin")).isEqualTo(1);
        assertThat(attr(d, "/domain/cpu/numa/cell", "cpus")).isEqualTo("0");
        LibvirtSchema.assertValid(written);
    }

    @Test
    void setVcpusThatTheTopologyCannotHoldIsRefusedNamingBothAndChangesNothing() {
        DomainXml vm = DomainXmlCodec.fromXml(resource(TUNED));
        String before = DomainXmlCodec.toXml(vm);

        assertThatThrownBy(() -> vm.setVcpus(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 vCPUs")
                .hasMessageContaining("<topology sockets='1' dies='1' cores='2' threads='1'/>")
                .hasMessageContaining("= 2");
        assertThat(DomainXmlCodec.toXml(vm)).isEqualTo(before);
    }

    @Test
    void setVcpusOnSeveralNumaCellsIsRefusedNamingTheCells() {
        DomainXml vm = DomainXmlCodec.fromXml(resource(NUMA2));
        String before = DomainXmlCodec.toXml(vm);

        assertThatThrownBy(() -> vm.setVcpus(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 vCPUs")
                .hasMessageContaining("cell 0 (cpus 0-1, 131072 KiB)")
                .hasMessageContaining("cell 1 (cpus 2-3, 131072 KiB)");
        assertThat(DomainXmlCodec.toXml(vm)).isEqualTo(before);
        assertThat(DomainXmlCodec.toXml(vm.setVcpus(4))).isEqualTo(before);
    }

    @Test
    void setVcpusFollowsThePerVcpuStatesAndCurrentAndRefusesAVcpuschedOfARemovedVcpu() throws Exception {
        DomainXml vm = DomainXmlCodec.fromXml(oneCell(resource(NUMA2), "0-3"));

        String fewer = DomainXmlCodec.toXml(vm.copy().setVcpus(2));
        String more = DomainXmlCodec.toXml(vm.copy().setVcpus(6));

        Document f = CanonicalXml.parse(fewer);
        assertThat(text(f, "/domain/vcpu")).isEqualTo("2");
        assertThat(attr(f, "/domain/vcpu", "current")).isEqualTo("2");
        assertThat(ids(f, "/domain/vcpus/vcpu")).containsExactly("0", "1");
        assertThat(ids(f, "/domain/cputune/vcpupin")).as("vcpupin of vCPU 3 dropped").isEmpty();
        assertThat(attr(f, "/domain/cputune/vcpupin", "vcpu")).isEqualTo("0");
        assertThat(attr(f, "/domain/cpu/topology", "sockets")).isEqualTo("1");
        assertThat(attr(f, "/domain/cpu/numa/cell", "cpus")).isEqualTo("0-1");
        LibvirtSchema.assertValid(fewer);
        Document m = CanonicalXml.parse(more);
        assertThat(text(m, "/domain/vcpu")).isEqualTo("6");
        assertThat(attr(m, "/domain/vcpu", "current")).isEqualTo("2");
        assertThat(ids(m, "/domain/vcpus/vcpu")).containsExactly("0", "1", "2", "3", "4", "5");
        assertThat(attr(m, "/domain/vcpus/vcpu[@id='5']", "enabled")).isEqualTo("no");
        assertThat(attr(m, "/domain/vcpus/vcpu[@id='5']", "hotpluggable")).isEqualTo("yes");
        assertThat(attr(m, "/domain/cpu/topology", "sockets")).isEqualTo("3");
        LibvirtSchema.assertValid(more);
        assertThatThrownBy(() -> vm.copy().setVcpus(1)).hasMessageContaining("1 vCPUs");
        DomainXml noTopology = DomainXmlCodec.fromXml(fewer.replaceAll("<topology[^>]*/>", ""));
        assertThatThrownBy(() -> noTopology.setVcpus(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 vCPUs").hasMessageContaining("<vcpusched vcpus='1'>");
    }

    @Test
    void setMemoryOfAOneCellNumaGuestSetsTheCellAndKeepsCurrentMemoryAtMost() throws Exception {
        DomainXml vm = DomainXmlCodec.fromXml(resource(TUNED));
        assertThat(vm.currentMemoryKiB()).hasValue(196608);

        String written = DomainXmlCodec.toXml(vm.setMemoryMiB(512));

        Document d = CanonicalXml.parse(written);
        assertThat(attr(d, "/domain/cpu/numa/cell", "memory")).isEqualTo("524288");
        assertThat(attr(d, "/domain/cpu/numa/cell", "unit")).isEqualTo("KiB");
        assertThat(text(d, "/domain/memory")).isEqualTo("524288");
        assertThat(Long.parseLong(text(d, "/domain/currentMemory"))).isLessThanOrEqualTo(524288);
        assertThat(DomainXmlCodec.fromXml(written).numaCellMemoryKiB()).containsExactly(524288L);
        LibvirtSchema.assertValid(written);
    }

    @Test
    void setMemoryOfSeveralNumaCellsIsRefusedNamingTheCellsAndMaxMemoryIsALimit() {
        DomainXml vm = DomainXmlCodec.fromXml(resource(NUMA2));
        String before = DomainXmlCodec.toXml(vm);

        assertThatThrownBy(() -> vm.setMemoryMiB(512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("524288 KiB").hasMessageContaining("2 NUMA cells")
                .hasMessageContaining("cell 0 (cpus 0-1, 131072 KiB)").hasMessageContaining("cell 1 (cpus 2-3, 131072 KiB)");
        assertThatThrownBy(() -> vm.setMemoryMiB(2048)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2097152 KiB").hasMessageContaining("<maxMemory> of 1048576 KiB");
        assertThat(DomainXmlCodec.toXml(vm)).isEqualTo(before);
        assertThat(DomainXmlCodec.toXml(vm.setMemoryMiB(256))).isEqualTo(before);
    }

    @Test
    void aKnownChildThatWasMissingIsAddedAtItsPlaceInLibvirtsOrder() throws Exception {
        String xml = "<domain type='qemu'><name>m</name><metadata/><os><type>hvm</type></os>"
                + "<cpu><topology sockets='1' cores='1' threads='1'/></cpu><devices/></domain>";

        String written = DomainXmlCodec.toXml(DomainXmlCodec.fromXml(xml).setMemoryMiB(64).setVcpus(2));

        assertThat(childNames(written, "/domain")).containsExactly("name", "metadata", "memory", "vcpu", "os", "cpu",
                "devices");
    }

    @Test
    void errorMessagesOfUnreadableXmlNeverShowAPassword() {
        String xml = "<domain type='qemu'><devices><graphics type='vnc' passwd='s3cret'/></devices>"
                + "<disk><source><cookies><cookie name='c'>t0ken</cookie></cookies></source></disk><memory>x</memory>";

        assertThatThrownBy(() -> DomainXmlCodec.fromXml(xml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("passwd=\"***\"").hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("t0ken");
    }

    // ------------------------------------------------------------------ helpers

    /** The NUMA2 capture with one cell holding every vCPU and all the memory. */
    static String oneCell(String xml, String cpus) throws Exception {
        Document doc = CanonicalXml.parse(xml);
        Node second = node(doc, "/domain/cpu/numa/cell[@id='1']");
        second.getParentNode().removeChild(second);
        Element first = (Element) node(doc, "/domain/cpu/numa/cell[@id='0']");
        first.setAttribute("cpus", cpus);
        first.setAttribute("memory", "262144");
        return toText(doc);
    }

    static List<String> childNames(String xml, String xpath) throws Exception {
        List<String> names = new ArrayList<>();
        for (Node c = node(CanonicalXml.parse(xml), xpath).getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                names.add(c.getLocalName());
            }
        }
        return names;
    }

    private static Node node(Document doc, String xpath) throws Exception {
        NodeList nodes = nodes(doc, xpath);
        assertThat(nodes.getLength()).as(xpath).isEqualTo(1);
        return nodes.item(0);
    }

    private static NodeList nodes(Document doc, String xpath) throws Exception {
        return (NodeList) XPathFactory.newDefaultInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
    }

    private static String text(Document doc, String xpath) throws Exception {
        return node(doc, xpath).getTextContent().strip();
    }

    private static String attr(Document doc, String xpath, String name) throws Exception {
        return ((Element) node(doc, xpath)).getAttribute(name);
    }

    private static int count(Document doc, String xpath) throws Exception {
        return nodes(doc, xpath).getLength();
    }

    private static List<String> ids(Document doc, String xpath) throws Exception {
        NodeList n = nodes(doc, xpath);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n.getLength(); i++) {
            Element e = (Element) n.item(i);
            ids.add(e.hasAttribute("id") ? e.getAttribute("id") : null);
        }
        ids.removeIf(java.util.Objects::isNull);
        return ids;
    }

    static String toText(Document doc) throws Exception {
        var out = new java.io.StringWriter();
        javax.xml.transform.TransformerFactory.newDefaultInstance().newTransformer()
                .transform(new javax.xml.transform.dom.DOMSource(doc), new javax.xml.transform.stream.StreamResult(out));
        return out.toString();
    }
}
