package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlAttribute;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlRootElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * A VIOS volume group (sizes in GB): the local-disk driver's storage. Virtual disks are added and
 * removed by a read-modify-write of this object; unmapped elements are kept.
 *
 * <pre>{@code
 * client.modify(vgPath, VolumeGroup.class, vg -> vg.virtualDisks.disks.add(VirtualDisk.of("d", 10, null)));
 * }</pre>
 */
@XmlRootElement(name = "VolumeGroup")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "availableSize", "freeSpace", "groupCapacity", "groupName", "mediaRepositories", "uniqueDeviceId",
        "virtualDisks", "other"})
public class VolumeGroup {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "AvailableSize")
    public Double availableSize;
    @XmlElement(name = "FreeSpace")
    public Double freeSpace;
    @XmlElement(name = "GroupCapacity")
    public Double groupCapacity;
    @XmlElement(name = "GroupName")
    public String groupName;
    /** The virtual media repository, when this group holds one (null otherwise). */
    @XmlElement(name = "MediaRepositories")
    public VirtualMediaRepository.MediaRepositories mediaRepositories;
    @XmlElement(name = "UniqueDeviceID")
    public String uniqueDeviceId;
    @XmlElement(name = "VirtualDisks")
    public VirtualDisks virtualDisks = new VirtualDisks();
    /** Elements this class does not map, written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** {@code <VirtualDisks>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "disks", "other"})
    public static class VirtualDisks {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "VirtualDisk")
        public List<VirtualDisk> disks = new ArrayList<>();
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }
}
