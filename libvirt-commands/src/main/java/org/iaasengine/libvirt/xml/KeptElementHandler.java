package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.ValidationEventHandler;
import jakarta.xml.bind.annotation.DomHandler;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;
import org.w3c.dom.DOMImplementation;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * How JAXB turns an unknown element into a DOM {@link Element} and back: like JAXB's
 * {@code W3CDomHandler}, but each element is built into a document made by one shared
 * {@link DOMImplementation}. {@code W3CDomHandler} hands the JDK an empty result, and the JDK then
 * looks up a {@code DocumentBuilderFactory} through the service loader and builds a new parser
 * for every kept element: about 40 kept elements made one real dumpxml take milliseconds.
 * Stateless and thread-safe: JAXB shares one instance per property.
 */
final class KeptElementHandler implements DomHandler<Element, DOMResult> {
    private static final DOMImplementation DOM = domImplementation();

    @Override
    public DOMResult createUnmarshaller(ValidationEventHandler errorHandler) {
        Document doc = DOM.createDocument(null, null, null);
        return new DOMResult(doc);
    }

    @Override
    public Element getElement(DOMResult result) {
        Node n = result.getNode();
        if (n instanceof Document d) {
            return d.getDocumentElement();
        }
        if (n instanceof Element e) {
            return e;
        }
        throw new IllegalStateException("expected a DOM element, got " + n);
    }

    @Override
    public Source marshal(Element element, ValidationEventHandler errorHandler) {
        return new DOMSource(element);
    }

    private static DOMImplementation domImplementation() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().getDOMImplementation();
        } catch (ParserConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
