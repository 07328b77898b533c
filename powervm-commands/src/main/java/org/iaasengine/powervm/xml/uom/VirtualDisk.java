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
 * A logical volume in a VIOS volume group (capacity in GB). {@code BaseImage} names the unique
 * device id of the cached image disk it was copied from.
 *
 * <pre>{@code
 * VirtualDisk d = VirtualDisk.of("boot_web1", 20, imageUdid);
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "diskCapacity", "diskLabel", "diskName", "baseImage", "uniqueDeviceId", "other"})
public class VirtualDisk {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "DiskCapacity")
    public Double diskCapacity;
    @XmlElement(name = "DiskLabel")
    public String diskLabel;
    @XmlElement(name = "DiskName")
    public String diskName;
    /** After the name in the schema (and after the volume group and sizes, which the model keeps in {@link #other}). */
    @XmlElement(name = "BaseImage")
    public String baseImage;
    @XmlElement(name = "UniqueDeviceID")
    public String uniqueDeviceId;

    /** Elements this class does not map (such as the target device of a mapping), written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** A new disk of {@code sizeGb}, copied from {@code baseImageUdid} when that is not null. */
    public static VirtualDisk of(String name, double sizeGb, String baseImageUdid) {
        VirtualDisk d = new VirtualDisk();
        d.diskName = name;
        d.diskLabel = name;
        d.diskCapacity = sizeGb;
        d.baseImage = baseImageUdid;
        return d;
    }
}
