package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * An NPIV mapping on a VIOS: a client LPAR's virtual Fibre Channel adapter (with its two WWPNs)
 * bound to a physical Fibre Channel port of the VIOS.
 *
 * <pre>{@code
 * VirtualFibreChannelMapping m = VirtualFibreChannelMapping.of(lparHref, "fcs0");
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "associatedLogicalPartition", "clientAdapter", "port", "serverAdapter", "other"})
public class VirtualFibreChannelMapping {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "AssociatedLogicalPartition")
    public Link associatedLogicalPartition;
    @XmlElement(name = "ClientAdapter")
    public VirtualAdapter clientAdapter;
    @XmlElement(name = "Port")
    public FcPort port;
    @XmlElement(name = "ServerAdapter")
    public VirtualAdapter serverAdapter;

    /** Elements this class does not map (such as the target device of a mapping), written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** {@code <Port>}: a physical FC port of the VIOS. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "portName", "wwpn", "other"})
    public static class FcPort {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "PortName")
        public String portName;
        @XmlElement(name = "WWPN")
        public String wwpn;
        /** The port's other details (location code, unique device id, port counts), kept in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }

    /** A new mapping of the LPAR at {@code lparHref} to the physical port {@code portName}. */
    public static VirtualFibreChannelMapping of(String lparHref, String portName) {
        VirtualFibreChannelMapping m = new VirtualFibreChannelMapping();
        m.associatedLogicalPartition = new Link(lparHref);
        m.clientAdapter = VirtualAdapter.nextSlot("Client");
        m.serverAdapter = VirtualAdapter.nextSlot("Server");
        m.port = new FcPort();
        m.port.portName = portName;
        return m;
    }

    /** The UUID of the client LPAR. */
    public String lparUuid() {
        return Link.lastSegment(associatedLogicalPartition);
    }

    /** The physical port name, or null. */
    public String portName() {
        return port == null ? null : port.portName;
    }
}
