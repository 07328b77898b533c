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
 * A logical unit of a shared storage pool (capacity in GB): a disk ({@code VirtualIO_Disk}) or a
 * cached image ({@code VirtualIO_Image}); {@code ClonedFrom} names the image it was cloned from.
 *
 * <pre>{@code
 * LogicalUnit lu = LogicalUnit.disk("boot_web1", 20, imageUdid);
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "thinDevice", "uniqueDeviceId", "unitCapacity", "logicalUnitType", "clonedFrom",
        "inUse", "unitName", "other"})
public class LogicalUnit {
    /** The type of a disk. */
    public static final String DISK = "VirtualIO_Disk";
    /** The type of a cached image. */
    public static final String IMAGE = "VirtualIO_Image";

    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "ThinDevice")
    public Boolean thinDevice;
    @XmlElement(name = "UniqueDeviceID")
    public String uniqueDeviceId;
    @XmlElement(name = "UnitCapacity")
    public Double unitCapacity;
    @XmlElement(name = "LogicalUnitType")
    public String logicalUnitType;
    @XmlElement(name = "ClonedFrom")
    public String clonedFrom;
    @XmlElement(name = "InUse")
    public Boolean inUse;
    @XmlElement(name = "UnitName")
    public String unitName;

    /** Elements this class does not map (such as the target device of a mapping), written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** A new thin logical unit of {@code type}. */
    public static LogicalUnit of(String name, double sizeGb, String type, String clonedFromUdid) {
        LogicalUnit lu = new LogicalUnit();
        lu.thinDevice = true;
        lu.unitName = name;
        lu.unitCapacity = sizeGb;
        lu.logicalUnitType = type;
        lu.clonedFrom = clonedFromUdid;
        return lu;
    }
}
