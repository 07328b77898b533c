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
 * A vSCSI mapping on a VIOS: a client LPAR, the client and server adapters, and the storage element
 * served (a virtual disk, a logical unit or a physical volume).
 *
 * <pre>{@code
 * VirtualScsiMapping m = VirtualScsiMapping.of(lparHref, ScsiStorage.of(vdisk));
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "associatedLogicalPartition", "clientAdapter", "serverAdapter", "storage", "other"})
public class VirtualScsiMapping {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "AssociatedLogicalPartition")
    public Link associatedLogicalPartition;
    @XmlElement(name = "ClientAdapter")
    public VirtualAdapter clientAdapter;
    @XmlElement(name = "ServerAdapter")
    public VirtualAdapter serverAdapter;
    @XmlElement(name = "Storage")
    public ScsiStorage storage;

    /** Elements this class does not map (such as the target device of a mapping), written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** A new mapping of {@code storage} to the LPAR at {@code lparHref}; the server picks the slots. */
    public static VirtualScsiMapping of(String lparHref, ScsiStorage storage) {
        VirtualScsiMapping m = new VirtualScsiMapping();
        m.associatedLogicalPartition = new Link(lparHref);
        m.clientAdapter = VirtualAdapter.nextSlot("Client");
        m.serverAdapter = VirtualAdapter.nextSlot("Server");
        m.storage = storage;
        return m;
    }

    /** The UUID of the client LPAR. */
    public String lparUuid() {
        return Link.lastSegment(associatedLogicalPartition);
    }
}
