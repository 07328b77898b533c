package org.iaasengine.libvirt.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * Reads and writes {@link DomainXml} as libvirt domain XML text.
 *
 * <pre>{@code
 * DomainXml vm = DomainXmlCodec.fromXml(virshDumpxmlOutput);   // IllegalArgumentException if malformed
 * vm.setVcpus(2);
 * String xml = DomainXmlCodec.toXml(vm);                       // for virsh define / defineXML
 * }</pre>
 *
 * <p>Thread-safe: one {@link JAXBContext} is shared; each call uses its own (un)marshaller and
 * parser. Parsing refuses any DOCTYPE, so external entities (XXE), external DTDs and entity
 * expansion bombs cannot happen. Any JAXB validation event (a bad number, an unexpected element
 * inside a text-only element) fails the parse rather than being ignored.
 */
public final class DomainXmlCodec {
    private static final Unmarshaller.Listener TIDY_KEPT_ELEMENTS = new Unmarshaller.Listener() {
        @Override
        public void afterUnmarshal(Object target, Object parent) {
            if (target instanceof Extensible e) {
                e.otherElements().forEach(KeptElements::tidy);
            } else if (target instanceof OrderedElement o) {
                o.otherElements().forEach(KeptElements::tidy);
            }
        }
    };

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
            StringWriter out = new StringWriter(4096);
            m.marshal(domain, out);
            return out.append('\n').toString();
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
        try {
            Unmarshaller u = Context.INSTANCE.createUnmarshaller();
            u.setEventHandler(event -> false);
            u.setListener(TIDY_KEPT_ELEMENTS);
            SAXSource source = new SAXSource(secureReader(), new InputSource(new StringReader(xml)));
            // JAXB asks the JDK for a new TransformerFactory for every kept element; through the
            // context class loader that is a service-loader scan of the whole class path each time.
            // The platform loader has no such services, so the JDK's own factory is found at once.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
            try {
                root = u.unmarshal(source);
            } finally {
                thread.setContextClassLoader(previous);
            }
        } catch (JAXBException e) {
            throw new IllegalArgumentException("malformed domain XML: " + describe(e) + ": " + excerpt(xml), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed domain XML: " + e.getMessage() + ": " + excerpt(xml), e);
        }
        if (!(root instanceof DomainXml domain)) {
            throw new IllegalArgumentException("domain XML must have root element <domain>, found "
                    + root.getClass().getSimpleName() + ": " + excerpt(xml));
        }
        return domain;
    }

    private static XMLReader secureReader() {
        try {
            SAXParserFactory f = SAXParserFactory.newDefaultInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setValidating(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return f.newSAXParser().getXMLReader();
        } catch (ParserConfigurationException | SAXException e) {
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
