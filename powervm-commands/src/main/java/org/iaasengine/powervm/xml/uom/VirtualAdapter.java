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
 * The client or server side of a vSCSI or virtual Fibre Channel mapping: slots, partition ids and,
 * for Fibre Channel client adapters, the WWPNs (two, separated by a space).
 *
 * <pre>{@code
 * VirtualAdapter client = VirtualAdapter.nextSlot("Client");
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "adapterType", "localPartitionId", "requiredAdapter", "useNextAvailableSlotId",
        "virtualSlotNumber", "remoteLogicalPartitionId", "remoteSlotNumber", "wwpns", "other"})
public class VirtualAdapter {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "AdapterType")
    public String adapterType;
    @XmlElement(name = "LocalPartitionID")
    public Integer localPartitionId;
    @XmlElement(name = "RequiredAdapter")
    public Boolean requiredAdapter;
    @XmlElement(name = "UseNextAvailableSlotID")
    public Boolean useNextAvailableSlotId;
    @XmlElement(name = "VirtualSlotNumber")
    public Integer virtualSlotNumber;
    @XmlElement(name = "RemoteLogicalPartitionID")
    public Integer remoteLogicalPartitionId;
    @XmlElement(name = "RemoteSlotNumber")
    public Integer remoteSlotNumber;
    @XmlElement(name = "WWPNs")
    public String wwpns;

    /** Elements this class does not map (such as the target device of a mapping), written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** An adapter of {@code type} ("Client" or "Server") in the next free slot. */
    public static VirtualAdapter nextSlot(String type) {
        VirtualAdapter a = new VirtualAdapter();
        a.adapterType = type;
        a.requiredAdapter = false;
        a.useNextAvailableSlotId = true;
        return a;
    }
}
