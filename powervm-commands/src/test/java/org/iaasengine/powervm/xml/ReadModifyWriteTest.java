package org.iaasengine.powervm.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Nothing lost on a read-modify-write of a Virtual I/O Server: the fixture carries what the model
 * does not map at every depth (partition I/O with the FC ports and their details, memory and
 * processor detail, the media repository, an NPIV mapping whose port has its location code, unique
 * device id and port counts, vSCSI mappings of a virtual disk, of an optical medium, of storage of
 * an unknown kind, and one with no storage) and the test compares the written XML with the read
 * XML element by element, order and attributes included.
 */
class ReadModifyWriteTest {

    private static byte[] fixture(String name) {
        try (InputStream in = ReadModifyWriteTest.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element parse(byte[] xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
            return d.getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The VirtualIOServer element of the fixture's entry. */
    private static Element viosOf(Element entry) {
        Element content = children(entry).stream().filter(e -> e.getLocalName().equals("content")).findFirst()
                .orElseThrow();
        return children(content).get(0);
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    private static Map<String, String> attributes(Element e) {
        Map<String, String> out = new TreeMap<>();
        NamedNodeMap a = e.getAttributes();
        for (int i = 0; i < a.getLength(); i++) {
            Attr attr = (Attr) a.item(i);
            if (!"http://www.w3.org/2000/xmlns/".equals(attr.getNamespaceURI())) {
                out.put(attr.getLocalName() == null ? attr.getName() : attr.getLocalName(), attr.getValue());
            }
        }
        return out;
    }

    /** Every difference between two element trees: names, namespaces, order, attributes, text. */
    private static List<String> differences(Element expected, Element actual) {
        List<String> out = new ArrayList<>();
        compare(expected, actual, expected.getLocalName(), out);
        return out;
    }

    private static void compare(Element a, Element b, String path, List<String> out) {
        if (!a.getLocalName().equals(b.getLocalName()) || !String.valueOf(a.getNamespaceURI())
                .equals(String.valueOf(b.getNamespaceURI()))) {
            out.add(path + ": " + a.getLocalName() + " became " + b.getLocalName());
            return;
        }
        if (!attributes(a).equals(attributes(b))) {
            out.add(path + ": attributes " + attributes(a) + " became " + attributes(b));
        }
        List<Element> ca = children(a);
        List<Element> cb = children(b);
        if (ca.isEmpty() && cb.isEmpty()) {
            if (!a.getTextContent().strip().equals(b.getTextContent().strip())) {
                out.add(path + ": '" + a.getTextContent().strip() + "' became '" + b.getTextContent().strip() + "'");
            }
            return;
        }
        List<String> na = ca.stream().map(Element::getLocalName).toList();
        List<String> nb = cb.stream().map(Element::getLocalName).toList();
        if (!na.equals(nb)) {
            out.add(path + ": children " + na + " became " + nb);
            return;
        }
        for (int i = 0; i < ca.size(); i++) {
            compare(ca.get(i), cb.get(i), path + "/" + na.get(i) + "[" + i + "]", out);
        }
    }

    private static VirtualIOServer read() {
        return PowerVmXml.unmarshal(fixture("vios_mapped.xml"), AtomEntry.class).content(VirtualIOServer.class);
    }

    @Test
    void aViosWrittenBackUnchangedIsTheViosThatWasRead() {
        VirtualIOServer vios = read();

        Element written = parse(PowerVmXml.marshal(vios));

        assertThat(differences(viosOf(parse(fixture("vios_mapped.xml"))), written)).isEmpty();
    }

    @Test
    void mappingsAddedAndRemovedLeaveEveryOtherElementInPlace() {
        VirtualIOServer vios = read();
        VirtualScsiMapping removed = vios.scsiMappings.mappings.remove(0);
        VirtualDisk d = VirtualDisk.of("b_web2", 20, null);
        d.uniqueDeviceId = "0300f8d6de00004b000000014a54555cd9.12";
        vios.scsiMappings.mappings.add(VirtualScsiMapping.of(
                "https://hmc.test:12443/rest/api/uom/LogicalPartition/33333333-4444-4555-8666-777777777777",
                ScsiStorage.of(d)));

        Element written = parse(PowerVmXml.marshal(vios));

        Element expected = viosOf(parse(fixture("vios_mapped.xml")));
        Element expectedMappings = children(expected).stream()
                .filter(e -> e.getLocalName().equals("VirtualSCSIMappings")).findFirst().orElseThrow();
        expectedMappings.removeChild(children(expectedMappings).get(1)); // the mapping removed
        Element writtenMappings = children(written).stream()
                .filter(e -> e.getLocalName().equals("VirtualSCSIMappings")).findFirst().orElseThrow();
        Element added = children(writtenMappings).get(children(writtenMappings).size() - 1);
        writtenMappings.removeChild(added);
        assertThat(differences(expected, written)).isEmpty();
        assertThat(children(added)).extracting(Element::getLocalName).containsExactly("Metadata",
                "AssociatedLogicalPartition", "ClientAdapter", "ServerAdapter", "Storage");
        assertThat(children(children(children(added).get(4)).get(0))).extracting(Element::getLocalName)
                .containsExactly("Metadata", "DiskCapacity", "DiskLabel", "DiskName", "UniqueDeviceID");
        assertThat(removed.storage.virtualDisk.diskName).isEqualTo("b_app_server_0");
    }

    @Test
    void theNpivPortKeepsItsDetailsAndTheOpticalMappingItsMedium() {
        VirtualIOServer vios = read();

        assertThat(vios.fcMappings.mappings.get(0).port.other).extracting(Element::getLocalName)
                .containsExactly("LocationCode", "UniqueDeviceID", "AvailablePorts", "TotalPorts");
        ScsiStorage optical = vios.scsiMappings.mappings.get(1).storage;
        assertThat(optical.virtualOpticalMedia.mediaName).isEqualTo("cfg_app_server_01.iso");
        assertThat(optical.virtualOpticalMedia.size).isEqualTo(0.0977);
        assertThat(DiskRef.ofMapped(optical, "v")).isEqualTo(new DiskRef(DiskRef.Kind.VIRTUAL_OPTICAL, "v", "v",
                "cfg_app_server_01.iso", "0eb1d8f6c23a7e4b59", 0.0977));
        ScsiStorage tape = vios.scsiMappings.mappings.get(2).storage;
        assertThat(tape.name()).isNull();
        assertThat(tape.otherKind()).isEqualTo("VirtualTapeDevice");
        assertThat(DiskRef.ofMapped(tape, "v").kind()).isEqualTo(DiskRef.Kind.OTHER);
        assertThat(vios.scsiMappings.mappings.get(3).storage).isNull();
        assertThat(vios.memoryConfiguration.other).extracting(Element::getLocalName)
                .contains("ActiveMemoryExpansionEnabled", "ExpansionFactor", "RuntimeMemory");
        assertThat(vios.processorConfiguration.other).extracting(Element::getLocalName)
                .contains("CurrentSharedProcessorConfiguration");
        assertThat(vios.ioConfiguration.other).extracting(Element::getLocalName)
                .containsExactly("ProfileIOSlots", "CurrentMaximumVirtualIOSlots");
    }

    /**
     * The recorded HMC payloads of the objects the library writes back (a VIOS with its FC ports and
     * their details, media repository, network and I/O detail; a volume group; a pool), from the
     * reference directory ({@code -Dpowervm.reference}, by default the copy in the repository, {@code testdata/powervm-reference}):
     * each written back unchanged is the object that was read.
     */
    @Test
    void theRecordedObjectsTheLibraryWritesBackComeBackAsTheyWereRead() throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("powervm.reference",
                "../testdata/powervm-reference"));
        org.assertj.core.api.Assertions.assertThat(dir).as("the recorded payloads (testdata/powervm-reference)")
                .isDirectory();
        for (String file : List.of("fake_vios.txt", "fake_volume_group.txt", "ssp.txt")) {
            String text = java.nio.file.Files.readString(dir.resolve(file));
            byte[] body = text.substring(text.indexOf("BODY{") + 5, text.lastIndexOf("END OF SECTION}")).strip()
                    .getBytes(StandardCharsets.UTF_8);
            Object value = PowerVmXml.unmarshal(body, AtomEntry.class).content.value;

            Element written = parse(PowerVmXml.marshal(value));

            assertThat(differences(viosOf(parse(body)), written)).as(file).isEmpty();
        }
    }

    @Test
    void aNumberJaxbCannotConvertFailsTheParseNamingTheElement() {
        String xml = new String(fixture("vios_mapped.xml"), StandardCharsets.UTF_8)
                .replace(">8192</DesiredMemory>", ">8l92</DesiredMemory>");
        String overflow = new String(fixture("vios_mapped.xml"), StandardCharsets.UTF_8)
                .replace(">22</VirtualSlotNumber>", ">99999999999</VirtualSlotNumber>");

        CommandException e = catchThrowableOfType(CommandException.class,
                () -> PowerVmXml.unmarshal(xml, AtomEntry.class));
        CommandException big = catchThrowableOfType(CommandException.class,
                () -> PowerVmXml.unmarshal(overflow, AtomEntry.class));

        assertThat(e.category()).isEqualTo(FailureCategory.INTERNAL);
        assertThat(e.getMessage()).contains("VirtualIOServer/PartitionMemoryConfiguration/DesiredMemory")
                .contains("8l92");
        assertThat(big.getMessage()).contains("VirtualSCSIMapping/ServerAdapter/VirtualSlotNumber");
    }

    @Test
    void anEmptyNumberIsAnAbsentValue() {
        String xml = new String(fixture("vios_mapped.xml"), StandardCharsets.UTF_8)
                .replace(">8192</CurrentMemory>", "></CurrentMemory>");

        VirtualIOServer vios = PowerVmXml.unmarshal(xml, AtomEntry.class).content(VirtualIOServer.class);

        assertThat(vios.memoryConfiguration.currentMemory).isNull();
        assertThat(vios.memoryConfiguration.desiredMemory).isEqualTo(8192L);
    }
}
