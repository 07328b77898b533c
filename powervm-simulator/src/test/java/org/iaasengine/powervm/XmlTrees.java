package org.iaasengine.powervm;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/** Element trees compared the way the API reads them: names, namespaces, order, attributes, text. */
public final class XmlTrees {
    private XmlTrees() {
    }

    public static Element parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The XML of an element (and what is below it), as bytes. */
    public static byte[] serialize(Element e) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.xml.transform.TransformerFactory.newInstance().newTransformer().transform(
                    new javax.xml.transform.dom.DOMSource(e), new javax.xml.transform.stream.StreamResult(out));
            return out.toByteArray();
        } catch (javax.xml.transform.TransformerException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first child of {@code e} named {@code name}. */
    public static Element child(Element e, String name) {
        return children(e).stream().filter(c -> c.getLocalName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + e.getLocalName()));
    }

    /** The children of {@code e} named {@code name} that match. */
    public static List<Element> children(Element e, String name, Predicate<Element> match) {
        return children(e).stream().filter(c -> c.getLocalName().equals(name)).filter(match).toList();
    }

    /** The text of the element at {@code path} below {@code e} ({@code "Storage/VirtualDisk/DiskName"}). */
    public static String text(Element e, String path) {
        Element at = e;
        for (String step : path.split("/")) {
            at = child(at, step);
        }
        return at.getTextContent().strip();
    }

    /** The {@code href} of the mapping's client LPAR ends with {@code uuid}. */
    public static Predicate<Element> ofLpar(String uuid) {
        return m -> child(m, "AssociatedLogicalPartition").getAttribute("href").endsWith(uuid);
    }

    /** Every difference between two element trees. */
    public static List<String> differences(Element expected, Element actual) {
        List<String> out = new ArrayList<>();
        compare(expected, actual, expected.getLocalName(), out);
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

    private static void compare(Element a, Element b, String path, List<String> out) {
        if (!a.getLocalName().equals(b.getLocalName())
                || !String.valueOf(a.getNamespaceURI()).equals(String.valueOf(b.getNamespaceURI()))) {
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
}
