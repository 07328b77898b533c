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
 * A disk the VIOS sees (an hdisk): a local disk or a Fibre Channel LUN. Capacity in MB.
 *
 * <pre>{@code
 * PhysicalVolume pv = vios.physicalVolumes.volumes.get(0);
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "description", "uniqueDeviceId", "volumeCapacity", "volumeName", "volumeState",
        "fibreChannelBacked", "other"})
public class PhysicalVolume {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "Description")
    public String description;
    @XmlElement(name = "UniqueDeviceID")
    public String uniqueDeviceId;
    @XmlElement(name = "VolumeCapacity")
    public Long volumeCapacity;
    @XmlElement(name = "VolumeName")
    public String volumeName;
    @XmlElement(name = "VolumeState")
    public String volumeState;
    @XmlElement(name = "IsFibreChannelBacked")
    public Boolean fibreChannelBacked;

    /** Elements this class does not map (such as the target device of a mapping), written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** A reference to a volume by name and unique device id (enough for a mapping). */
    public static PhysicalVolume ref(String name, String udid) {
        PhysicalVolume pv = new PhysicalVolume();
        pv.volumeName = name;
        pv.uniqueDeviceId = udid;
        return pv;
    }
}
