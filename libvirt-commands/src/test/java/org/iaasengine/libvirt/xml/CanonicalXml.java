package org.iaasengine.libvirt.xml;

import java.io.StringReader;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Test helper: a canonical text of a domain XML document, equal for two documents that are the
 * same tree. Namespace prefixes and declarations, attribute order, quoting and indentation
 * (whitespace-only text between the children of an element that has no other text) do not
 * count; the order of all children counts everywhere (libvirt's schema is not order-free, and
 * under {@code <devices>} the order decides PCI slots and the primary console); text counts
 * exactly, whitespace included, in mixed content.
 */
final class CanonicalXml {
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

    private static boolean isText(Node c) {
        return c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE;
    }

    private static boolean onlyText(Element e) {
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.ELEMENT_NODE) {
                return false;
            }
        }
        return true;
    }

    /** Text as one line "  #text ..." (exact when it counts), nothing for indentation. */
    private static void flushText(StringBuilder text, boolean counts, int depth, StringBuilder sb) {
        if (counts && !text.isEmpty()) {
            sb.append("  ".repeat(depth)).append("#text ").append(text.toString().replace("\n", "\\n")).append('\n');
        }
        text.setLength(0);
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
        boolean mixed = false;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            mixed |= isText(c) && !c.getNodeValue().isBlank();
        }
        sb.append('\n');
        StringBuilder text = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (isText(c)) {
                text.append(c.getNodeValue());
            } else if (c.getNodeType() == Node.ELEMENT_NODE) {
                flushText(text, mixed, depth + 1, sb);
                write((Element) c, depth + 1, sb);
            }
        }
        flushText(text, mixed || e.getFirstChild() == null || onlyText(e), depth + 1, sb);
    }
}
