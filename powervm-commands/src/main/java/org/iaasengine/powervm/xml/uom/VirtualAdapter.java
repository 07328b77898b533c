package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

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
        "virtualSlotNumber", "remoteLogicalPartitionId", "remoteSlotNumber", "wwpns"})
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

    /** An adapter of {@code type} ("Client" or "Server") in the next free slot. */
    public static VirtualAdapter nextSlot(String type) {
        VirtualAdapter a = new VirtualAdapter();
        a.adapterType = type;
        a.requiredAdapter = false;
        a.useNextAvailableSlotId = true;
        return a;
    }
}
