package org.iaasengine.powervm.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Marshaller;
import jakarta.xml.bind.Unmarshaller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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

/**
 * Marshals and unmarshals every PowerVM payload type with one shared, thread-safe JAXB context.
 * Parsing refuses DTDs and external entities. A payload that does not parse is an
 * {@link FailureCategory#INTERNAL} failure naming the expected type.
 *
 * <pre>{@code
 * AtomFeed feed = PowerVmXml.unmarshal(bytes, AtomFeed.class);
 * byte[] body = PowerVmXml.marshal(jobRequest);
 * }</pre>
 */
public final class PowerVmXml {
    private static final JAXBContext CONTEXT;
    private static final XMLInputFactory INPUT;

    static {
        try {
            CONTEXT = JAXBContext.newInstance(AtomFeed.class, AtomEntry.class, LogonRequest.class,
                    LogonResponse.class, JobRequest.class, JobResponse.class, HttpErrorResponse.class,
                    ManagedSystem.class, LogicalPartition.class, VirtualIOServer.class, VolumeGroup.class,
                    SharedStoragePool.class, ClientNetworkAdapter.class, Event.class);
        } catch (JAXBException e) {
            throw new ExceptionInInitializerError(e);
        }
        INPUT = XMLInputFactory.newFactory();
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private PowerVmXml() {
    }

    /** The XML of a JAXB object (a root type of this package's model). */
    public static byte[] marshal(Object value) {
        try {
            Marshaller m = CONTEXT.createMarshaller();
            m.setProperty(Marshaller.JAXB_ENCODING, "UTF-8");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.marshal(value, out);
            return out.toByteArray();
        } catch (JAXBException e) {
            throw new CommandException(FailureCategory.INTERNAL,
                    "cannot write " + value.getClass().getSimpleName() + " as XML", e);
        }
    }

    /** The XML as a string (for tests and the simulator). */
    public static String toXml(Object value) {
        return new String(marshal(value), StandardCharsets.UTF_8);
    }

    /** Parses {@code xml} as {@code type}. */
    public static <T> T unmarshal(byte[] xml, Class<T> type) {
        try {
            Unmarshaller u = CONTEXT.createUnmarshaller();
            XMLStreamReader reader;
            synchronized (INPUT) {
                reader = INPUT.createXMLStreamReader(new ByteArrayInputStream(xml));
            }
            try {
                Object o = u.unmarshal(reader);
                if (o instanceof jakarta.xml.bind.JAXBElement<?> el) {
                    o = el.getValue();
                }
                if (!type.isInstance(o)) {
                    throw new CommandException(FailureCategory.INTERNAL, "expected a " + type.getSimpleName()
                            + " payload, got " + (o == null ? "nothing" : o.getClass().getSimpleName()));
                }
                return type.cast(o);
            } finally {
                reader.close();
            }
        } catch (JAXBException | XMLStreamException e) {
            throw new CommandException(FailureCategory.INTERNAL, "cannot parse a " + type.getSimpleName() + " payload",
                    e);
        }
    }

    /** Parses a string. */
    public static <T> T unmarshal(String xml, Class<T> type) {
        return unmarshal(xml.getBytes(StandardCharsets.UTF_8), type);
    }
}
