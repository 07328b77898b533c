package org.iaasengine.libvirt.xml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Tidies the DOM elements kept for what the model does not know, right after they are read, so
 * they are written back as neatly as the rest. JAXB copies every namespace declaration in scope
 * onto each kept element (a {@code xmlns:qemu} on every device of a domain that uses the qemu
 * namespace anywhere) and keeps the indentation of the input inside it. This drops prefixed
 * declarations that nothing in the element uses, and the whitespace-only text between the
 * children of an element that has only elements as content (indentation, which the writer adds
 * anew). Mixed content, an element with text of its own besides child elements (say
 * {@code <x:m>text <x:i>inner</x:i> tail</x:m>} in {@code <metadata>}), is left exactly as read,
 * whitespace included, and the writer adds no indentation inside it. Element names, attributes,
 * text and namespaces in use are untouched.
 */
final class KeptElements {
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";

    private KeptElements() {
    }

    static void tidy(Element element) {
        Set<String> used = new HashSet<>();
        collectUsedPrefixes(element, used);
        removeUnusedDeclarations(element, used);
        removeIndentation(element);
    }

    private static void collectUsedPrefixes(Element e, Set<String> used) {
        if (e.getPrefix() != null) {
            used.add(e.getPrefix());
        }
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (!XMLNS.equals(a.getNamespaceURI()) && a.getPrefix() != null) {
                used.add(a.getPrefix());
            }
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                collectUsedPrefixes(child, used);
            }
        }
    }

    private static void removeUnusedDeclarations(Element e, Set<String> used) {
        NamedNodeMap attrs = e.getAttributes();
        List<Attr> unused = new ArrayList<>();
        for (int i = 0; i < attrs.getLength(); i++) {
            Attr a = (Attr) attrs.item(i);
            if (XMLNS.equals(a.getNamespaceURI()) && "xmlns".equals(a.getPrefix())
                    && !used.contains(a.getLocalName())) {
                unused.add(a);
            }
        }
        unused.forEach(e::removeAttributeNode);
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                removeUnusedDeclarations(child, used);
            }
        }
    }

    private static void removeIndentation(Element e) {
        boolean hasElementChild = false;
        boolean hasText = false;
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            hasElementChild |= c.getNodeType() == Node.ELEMENT_NODE;
            hasText |= (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE)
                    && !c.getNodeValue().isBlank();
        }
        boolean elementOnly = hasElementChild && !hasText;
        Node c = e.getFirstChild();
        while (c != null) {
            Node next = c.getNextSibling();
            if (elementOnly && c.getNodeType() == Node.TEXT_NODE && c.getNodeValue().isBlank()) {
                e.removeChild(c);
            } else if (c instanceof Element child) {
                removeIndentation(child);
            }
            c = next;
        }
    }
}
