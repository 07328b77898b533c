package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * A client network adapter (CNA) of an LPAR: a virtual Ethernet adapter on a VLAN of a virtual
 * switch.
 *
 * <pre>{@code
 * ClientNetworkAdapter cna = ClientNetworkAdapter.create(100, vswitchHref);
 * client.create("LogicalPartition/" + lpar + "/ClientNetworkAdapter", cna);
 * }</pre>
 */
@XmlRootElement(name = "ClientNetworkAdapter")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "locationCode", "localPartitionId", "requiredAdapter", "variedOn",
        "useNextAvailableSlotId", "virtualSlotNumber", "macAddress", "portVlanId", "taggedVlanSupported",
        "associatedVirtualSwitch", "virtualSwitchId"})
public class ClientNetworkAdapter {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "LocationCode")
    public String locationCode;
    @XmlElement(name = "LocalPartitionID")
    public Integer localPartitionId;
    @XmlElement(name = "RequiredAdapter")
    public Boolean requiredAdapter;
    @XmlElement(name = "VariedOn")
    public Boolean variedOn;
    @XmlElement(name = "UseNextAvailableSlotID")
    public Boolean useNextAvailableSlotId;
    @XmlElement(name = "VirtualSlotNumber")
    public Integer virtualSlotNumber;
    @XmlElement(name = "MACAddress")
    public String macAddress;
    @XmlElement(name = "PortVLANID")
    public Integer portVlanId;
    @XmlElement(name = "TaggedVLANSupported")
    public Boolean taggedVlanSupported;
    @XmlElement(name = "AssociatedVirtualSwitch")
    public LinkList associatedVirtualSwitch;
    @XmlElement(name = "VirtualSwitchID")
    public Integer virtualSwitchId;

    /** The create payload: an adapter on {@code vlan} of the virtual switch at {@code vswitchHref}. */
    public static ClientNetworkAdapter create(int vlan, String vswitchHref) {
        ClientNetworkAdapter a = new ClientNetworkAdapter();
        a.requiredAdapter = false;
        a.useNextAvailableSlotId = true;
        a.portVlanId = vlan;
        a.taggedVlanSupported = false;
        a.associatedVirtualSwitch = new LinkList();
        a.associatedVirtualSwitch.links.add(new Link(vswitchHref));
        return a;
    }

    /** The UUID (atom id), or null. */
    public String uuid() {
        return metadata == null ? null : metadata.atom.atomId;
    }
}
