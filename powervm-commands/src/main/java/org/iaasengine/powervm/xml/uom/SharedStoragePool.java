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
 * A shared storage pool (sizes in GB): logical units visible from the VIOSes of every host of the
 * cluster, which is what makes live migration possible. Units are added and removed by a
 * read-modify-write; unmapped elements are kept.
 *
 * <pre>{@code
 * client.modify(sspPath, SharedStoragePool.class, ssp -> ssp.logicalUnits.units.add(lu));
 * }</pre>
 */
@XmlRootElement(name = "SharedStoragePool")
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"metadata", "logicalUnits", "capacity", "freeSpace", "storagePoolName", "uniqueDeviceId",
        "other"})
public class SharedStoragePool {
    @XmlAttribute
    public String schemaVersion = "V1_0";
    @XmlElement(name = "Metadata")
    public Metadata metadata = new Metadata();
    @XmlElement(name = "LogicalUnits")
    public LogicalUnits logicalUnits = new LogicalUnits();
    @XmlElement(name = "Capacity")
    public Double capacity;
    @XmlElement(name = "FreeSpace")
    public Double freeSpace;
    @XmlElement(name = "StoragePoolName")
    public String storagePoolName;
    @XmlElement(name = "UniqueDeviceID")
    public String uniqueDeviceId;
    /** Elements this class does not map, written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

    /** {@code <LogicalUnits>}. */
    @XmlAccessorType(XmlAccessType.FIELD)
    @XmlType(propOrder = {"metadata", "units", "other"})
    public static class LogicalUnits {
        @XmlAttribute
        public String schemaVersion = "V1_0";
        @XmlElement(name = "Metadata")
        public Metadata metadata = new Metadata();
        @XmlElement(name = "LogicalUnit")
        public List<LogicalUnit> units = new ArrayList<>();
        /** Elements this class does not map, written back unchanged and in place. */
        @XmlAnyElement
        public List<Element> other = new ArrayList<>();
    }
}
