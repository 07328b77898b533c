package org.iaasengine.libvirt.libvirtjava;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.iaasengine.libvirt.driver.DomainInterface;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads what the driver needs out of domain XML: the name, and the network interfaces the way
 * {@code virsh domiflist} does:
 * target device, type, source ({@code bridge}, {@code dev}, {@code network}, {@code name} or
 * {@code path} attribute of {@code <source>}), model type, MAC; "-" for what is missing. The XML
 * comes from libvirt; the parser still refuses DTDs and external entities.
 *
 * <pre>{@code
 * List<DomainInterface> nics = DomainXml.interfaces(domain.getXMLDesc(0));
 * Optional<String> name = DomainXml.name(xml);
 * }</pre>
 */
final class DomainXml {
    private static final String[] SOURCE_ATTRIBUTES = {"bridge", "dev", "network", "name", "path"};

    private DomainXml() {
    }

    /** The domain's {@code <name>}, empty when the XML has none or cannot be parsed. */
    static Optional<String> name(String domainXml) {
        try {
            Element name = child(parse(domainXml).getDocumentElement(), "name");
            return name == null ? Optional.empty() : Optional.of(name.getTextContent().trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The interfaces, in document order. */
    static List<DomainInterface> interfaces(String domainXml) throws IOException {
        Document doc = parse(domainXml);
        List<DomainInterface> out = new ArrayList<>();
        Element devices = child(doc.getDocumentElement(), "devices");
        if (devices == null) {
            return out;
        }
        NodeList nodes = devices.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && e.getTagName().equals("interface")) {
                out.add(new DomainInterface(attr(child(e, "target"), "dev"), orDash(e.getAttribute("type")),
                        source(child(e, "source")), attr(child(e, "model"), "type"),
                        attr(child(e, "mac"), "address").toLowerCase(Locale.ROOT)));
            }
        }
        return out;
    }

    private static Document parse(String domainXml) throws IOException {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(domainXml)));
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("domain XML cannot be parsed: " + e.getMessage(), e);
        }
    }

    private static String source(Element source) {
        if (source != null) {
            for (String a : SOURCE_ATTRIBUTES) {
                if (source.hasAttribute(a)) {
                    return source.getAttribute(a);
                }
            }
        }
        return "-";
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String attr(Element e, String name) {
        return e == null ? "-" : orDash(e.getAttribute(name));
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }
}
