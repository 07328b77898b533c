package org.iaasengine.libvirt.xml;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Test helper: a canonical text of a domain XML document that is equal for two documents libvirt
 * reads the same way. Namespace prefixes and declarations, attribute order, quoting and
 * indentation do not count; the order of children counts only among siblings of the same name,
 * except under {@code <devices>}, where the whole order counts (it decides PCI slots and the
 * primary console).
 */
final class CanonicalXml {
    private static final Set<String> FULLY_ORDERED = Set.of("devices");

    private CanonicalXml() {
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String of(String xml) {
        return of(parse(xml).getDocumentElement());
    }

    static String of(Element e) {
        StringBuilder sb = new StringBuilder();
        write(e, 0, sb);
        return sb.toString();
    }

    private static String qname(Node n) {
        String ns = n.getNamespaceURI();
        String local = n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
        return ns == null || ns.isEmpty() ? local : "{" + ns + "}" + local;
    }

    private static void write(Element e, int depth, StringBuilder sb) {
        sb.append("  ".repeat(depth)).append('<').append(qname(e));
        TreeMap<String, String> attrs = new TreeMap<>();
        NamedNodeMap map = e.getAttributes();
        for (int i = 0; i < map.getLength(); i++) {
            Attr a = (Attr) map.item(i);
            if ("http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                continue;
            }
            attrs.put(qname(a), a.getValue());
        }
        attrs.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(v).append('"'));
        sb.append('>');
        StringBuilder text = new StringBuilder();
        List<Element> children = new ArrayList<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                children.add((Element) c);
            } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(c.getNodeValue());
            }
        }
        String t = children.isEmpty() ? text.toString() : text.toString().strip();
        sb.append(t.replace("\n", "\\n")).append('\n');
        if (!FULLY_ORDERED.contains(e.getLocalName())) {
            children.sort(Comparator.comparing(CanonicalXml::qname)); // stable: same-name order kept
        }
        for (Element c : children) {
            write(c, depth + 1, sb);
        }
    }
}
