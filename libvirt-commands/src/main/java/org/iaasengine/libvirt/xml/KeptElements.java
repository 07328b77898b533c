package org.iaasengine.libvirt.xml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
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
    private static final KeptElementHandler HANDLER = new KeptElementHandler();

    private KeptElements() {
    }

    /**
     * Replaces every kept element of the model read from {@code source} by an exact copy of the
     * element of {@code source} it was read from, then tidies it. JAXB's own copies lose
     * whitespace-only text in mixed content ({@code <a>x<b/>  <c/></a>} comes back without the two
     * blanks). Each known and each unknown child of an element is one entry of its ordered list, and
     * every child of a leaf element is kept, so the n-th entry is the n-th child element of the
     * source.
     */
    static void keepOriginals(Object model, Element source) {
        List<Element> sources = childElements(source);
        List<?> entries;
        if (model instanceof OrderedElement o) {
            entries = o.children();
        } else if (model instanceof Extensible e) {
            entries = e.otherElements();
        } else {
            return;
        }
        if (entries.size() != sources.size()) {
            throw new IllegalStateException("<" + source.getLocalName() + "> has " + sources.size()
                    + " child elements but " + entries.size() + " were read");
        }
        @SuppressWarnings("unchecked")
        List<Object> live = (List<Object>) entries;
        for (int i = 0; i < live.size(); i++) {
            Object entry = live.get(i);
            if (entry instanceof Element) {
                Element copy = copyWithNamespacesInScope(sources.get(i));
                tidy(copy);
                live.set(i, copy);
            } else if (entry instanceof jakarta.xml.bind.JAXBElement<?> known) {
                keepOriginals(known.getValue(), sources.get(i));
            } else {
                keepOriginals(entry, sources.get(i));
            }
        }
    }

    private static List<Element> childElements(Element e) {
        List<Element> children = new ArrayList<>();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                children.add(child);
            }
        }
        return children;
    }

    /** A deep copy in a document of its own, with the namespace declarations of its ancestors. */
    private static Element copyWithNamespacesInScope(Element original) {
        Document doc = (Document) HANDLER.createUnmarshaller(null).getNode();
        Element copy = (Element) doc.importNode(original, true);
        doc.appendChild(copy);
        for (Node a = original.getParentNode(); a instanceof Element ancestor; a = a.getParentNode()) {
            NamedNodeMap attrs = ancestor.getAttributes();
            for (int i = 0; i < attrs.getLength(); i++) {
                Attr decl = (Attr) attrs.item(i);
                if (XMLNS.equals(decl.getNamespaceURI()) && !copy.hasAttributeNS(XMLNS, decl.getLocalName())) {
                    copy.setAttributeNS(XMLNS, decl.getName(), decl.getValue());
                }
            }
        }
        return copy;
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
