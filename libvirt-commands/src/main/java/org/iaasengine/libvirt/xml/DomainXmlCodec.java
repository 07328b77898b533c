package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Reads and writes {@link DomainXml} as libvirt domain XML text.
 *
 * <pre>{@code
 * DomainXml vm = DomainXmlCodec.fromXml(virshDumpxmlOutput);   // IllegalArgumentException if malformed
 * vm.setVcpus(2);
 * String xml = DomainXmlCodec.toXml(vm);                       // for virsh define / defineXML
 * }</pre>
 *
 * <p>What is read is written back in the same order (see {@link OrderedElement}), and the
 * elements the model does not know are exact copies of the input: the text is parsed into DOM
 * first, JAXB reads the model from that DOM, and each kept element is then taken from it as it was
 * (JAXB's own copies lose whitespace-only text in mixed content). Writing goes through JAXB's
 * UTF-8 output, which adds indentation only between elements, never inside mixed text.
 *
 * <p>Error messages quote the start of a malformed document with graphics {@code passwd} values
 * and network disk cookies masked: the XML may come from {@code dumpXml}, which has secure data.
 *
 * <p>Thread-safe: one {@link JAXBContext} is shared; each call uses its own (un)marshaller and
 * parser. Parsing refuses any DOCTYPE, so external entities (XXE), external DTDs and entity
 * expansion bombs cannot happen. Any JAXB validation event (a bad number, an unexpected element
 * inside a text-only element) fails the parse rather than being ignored.
 */
public final class DomainXmlCodec {
    /** Graphics {@code passwd} attributes, which libvirt writes only with {@code VIR_DOMAIN_XML_SECURE}. */
    private static final Pattern PASSWD = Pattern.compile("\\bpasswd\\s*=\\s*(?:\"[^\"]*\"?|'[^']*'?)");
    /** Network disk {@code <cookie>} values, the other secure data. */
    private static final Pattern COOKIE = Pattern.compile("(<cookie\\b[^>]*>)[^<]*");

    private DomainXmlCodec() {
    }

    /** The domain as XML text, indented, without an XML declaration; every value escaped by JAXB. */
    public static String toXml(DomainXml domain) {
        Objects.requireNonNull(domain, "domain");
        try {
            Marshaller m = Context.INSTANCE.createMarshaller();
            m.setProperty(Marshaller.JAXB_FORMATTED_OUTPUT, Boolean.TRUE);
            m.setProperty(Marshaller.JAXB_FRAGMENT, Boolean.TRUE);
            m.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            m.setEventHandler(event -> false);
            // To a byte stream, not a Writer: JAXB then indents with its UTF-8 output, which writes no
            // indentation after text, so mixed content (text between child elements, as custom
            // <metadata> may have) is written exactly as read. Its Writer output indents every start
            // tag, and would put line breaks into the text.
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            m.marshal(domain, out);
            return out.toString(StandardCharsets.UTF_8).strip() + "\n";
        } catch (JAXBException e) {
            throw new IllegalStateException("cannot write domain XML of " + domain.name() + ": " + describe(e), e);
        }
    }

    /**
     * Reads domain XML, such as the output of {@code virsh dumpxml}.
     *
     * @throws IllegalArgumentException if the text is not well-formed XML, has a DOCTYPE, its root is
     *                                  not {@code <domain>}, or a known value is malformed (say,
     *                                  {@code <memory unit='XB'>})
     */
    public static DomainXml fromXml(String xml) {
        Objects.requireNonNull(xml, "xml");
        Object root;
        Document doc;
        try {
            doc = secureBuilder().parse(new InputSource(new StringReader(xml)));
            Unmarshaller u = Context.INSTANCE.createUnmarshaller();
            u.setEventHandler(event -> false);
            // JAXB asks the JDK for a new TransformerFactory for every kept element; through the
            // context class loader that is a service-loader scan of the whole class path each time.
            // The platform loader has no such services, so the JDK's own factory is found at once.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            try {
                root = u.unmarshal(doc);
            } finally {
                thread.setContextClassLoader(previous);
            }
        } catch (SAXException | IOException e) {
            throw new IllegalArgumentException("malformed domain XML: " + e.getMessage() + ": " + excerpt(xml), e);
        } catch (JAXBException e) {
            throw new IllegalArgumentException("malformed domain XML: " + describe(e) + ": " + excerpt(xml), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed domain XML: " + e.getMessage() + ": " + excerpt(xml), e);
        }
        if (!(root instanceof DomainXml domain)) {
            throw new IllegalArgumentException("domain XML must have root element <domain>, found "
                    + root.getClass().getSimpleName() + ": " + excerpt(xml));
        }
        KeptElements.keepOriginals(domain, doc.getDocumentElement());
        return domain;
    }

    /**
     * A namespace-aware DOM parser that refuses any DOCTYPE, so external entities, external DTDs
     * and entity expansion cannot happen. The document is read into DOM first (not handed to JAXB
     * as a SAX stream) because JAXB drops whitespace-only text before a start tag, also inside the
     * mixed content of a kept element; the kept elements are then taken from this DOM, exact.
     */
    static DocumentBuilder secureBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setValidating(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("cannot configure a secure XML parser", e);
        }
    }

    private static String describe(JAXBException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String msg = t.getMessage() != null ? t.getMessage() : e.toString();
        return msg.strip();
    }

    /**
     * The start of the text for an error message, with secure data masked: the XML may come from
     * {@code dumpXml}, which includes passwords, and messages end up in logs.
     */
    static String excerpt(String xml) {
        String one = xml.strip().replaceAll("\\s+", " ");
        one = PASSWD.matcher(one).replaceAll("passwd=\"***\"");
        one = COOKIE.matcher(one).replaceAll("$1***");
        return one.length() <= 120 ? one : one.substring(0, 120) + "...";
    }

    /** The shared JAXB context (for {@link DeviceXml}). */
    static JAXBContext context() {
        return Context.INSTANCE;
    }

    /** The JAXB context, built once on first use (JAXBContext is thread-safe). */
    private static final class Context {
        static final JAXBContext INSTANCE = create();

        private static JAXBContext create() {
            try {
                return JAXBContext.newInstance(DomainXml.class, ObjectFactory.class);
            } catch (JAXBException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
