package org.iaasengine.powervm.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.atom.AtomFeed;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;
import org.iaasengine.powervm.xml.uom.Event;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.ManagedSystem;
import org.iaasengine.powervm.xml.uom.SharedStoragePool;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.iaasengine.powervm.xml.web.HttpErrorResponse;
import org.iaasengine.powervm.xml.web.JobRequest;
import org.iaasengine.powervm.xml.web.JobResponse;
import org.iaasengine.powervm.xml.web.LogonRequest;
import org.iaasengine.powervm.xml.web.LogonResponse;
import org.iaasengine.powervm.xml.web.WebFile;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Marshals and unmarshals every PowerVM payload type with one shared, thread-safe JAXB context.
 * Parsing refuses DTDs and external entities. A payload that does not parse, or holds a number
 * JAXB cannot convert, is an {@link FailureCategory#INTERNAL} failure naming the expected type (and
 * the element).
 *
 * <p>An object read and written back keeps everything it was read with ({@link ReadBack}): the
 * elements the model does not map stay where the server had them, at every depth, and so do the
 * attributes. Payloads go through a DOM for that: JAXB reads from and writes to it; nothing is
 * built as text.
 *
 * <pre>{@code
 * AtomFeed feed = PowerVmXml.unmarshal(bytes, AtomFeed.class);
 * byte[] body = PowerVmXml.marshal(jobRequest);
 * }</pre>
 */
public final class PowerVmXml {
    private static final JAXBContext CONTEXT;
    private static final DocumentBuilderFactory DOM;
    private static final TransformerFactory OUTPUT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(AtomFeed.class, AtomEntry.class, LogonRequest.class,
                    LogonResponse.class, JobRequest.class, JobResponse.class, HttpErrorResponse.class,
                    ManagedSystem.class, LogicalPartition.class, VirtualIOServer.class, VolumeGroup.class,
                    SharedStoragePool.class, ClientNetworkAdapter.class, Event.class, WebFile.class);
            DOM = DocumentBuilderFactory.newInstance();
            DOM.setNamespaceAware(true);
            DOM.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DOM.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            DOM.setFeature("http://xml.org/sax/features/external-general-entities", false);
            DOM.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            DOM.setXIncludeAware(false);
            DOM.setExpandEntityReferences(false);
            OUTPUT = TransformerFactory.newInstance();
        } catch (JAXBException | ParserConfigurationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PowerVmXml() {
    }

    /** The XML of a JAXB object (a root type of this package's model). */
    public static byte[] marshal(Object value) {
        return serialize(document(value), value);
    }

    /**
     * The XML of a JAXB object as a DOM, with what it was read with put back (see {@link ReadBack}),
     * for a caller that works on the tree before {@link #serialize serializing} it.
     */
    public static Document document(Object value) {
        try {
            Marshaller m = CONTEXT.createMarshaller();
            Document doc = newDocument();
            m.marshal(value, doc);
            ReadBack.written(value, doc.getDocumentElement());
            return doc;
        } catch (JAXBException e) {
            throw new CommandException(FailureCategory.INTERNAL,
                    "cannot write " + value.getClass().getSimpleName() + " as XML", e);
        }
    }

    /** The bytes (UTF-8) of a document made by {@link #document}. */
    public static byte[] serialize(Document doc) {
        return serialize(doc, doc.getDocumentElement().getLocalName());
    }

    private static byte[] serialize(Document doc, Object what) {
        try {
            Transformer t;
            synchronized (OUTPUT) {
                t = OUTPUT.newTransformer();
            }
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            t.setOutputProperty(OutputKeys.STANDALONE, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            String name = what instanceof String n ? n : what.getClass().getSimpleName();
            throw new CommandException(FailureCategory.INTERNAL, "cannot write " + name + " as XML", e);
        }
    }

    /** The XML as a string (for tests and the simulator). */
    public static String toXml(Object value) {
        return new String(marshal(value), StandardCharsets.UTF_8);
    }

    /** Parses {@code xml} as {@code type}. */
    public static <T> T unmarshal(byte[] xml, Class<T> type) {
        Document doc;
        try {
            DocumentBuilder b;
            synchronized (DOM) {
                b = DOM.newDocumentBuilder();
            }
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e; // reported by the caller, not printed
                }
            });
            doc = b.parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot parse a " + type.getSimpleName() + " payload",
                    e);
        }
        Object o;
        try {
            Unmarshaller u = CONTEXT.createUnmarshaller();
            o = u.unmarshal(doc);
        } catch (JAXBException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot parse a " + type.getSimpleName() + " payload",
                    e);
        }
        if (o instanceof jakarta.xml.bind.JAXBElement<?> el) {
            o = el.getValue();
        }
        if (!type.isInstance(o)) {
            throw new CommandException(FailureCategory.INTERNAL, "expected a " + type.getSimpleName()
                    + " payload, got " + (o == null ? "nothing" : o.getClass().getSimpleName()));
        }
        try {
            ReadBack.read(o, doc.getDocumentElement());
        } catch (CommandException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot parse a " + type.getSimpleName()
                    + " payload: " + e.getMessage(), e);
        }
        return type.cast(o);
    }

    /** Parses a string. */
    public static <T> T unmarshal(String xml, Class<T> type) {
        return unmarshal(xml.getBytes(StandardCharsets.UTF_8), type);
    }

    private static Document newDocument() {
        try {
            synchronized (DOM) {
                return DOM.newDocumentBuilder().newDocument();
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no DOM", e);
        }
    }
}
