package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;

/**
 * The {@code <Storage>} of a vSCSI mapping: exactly one of a virtual disk (volume group), a logical
 * unit (shared storage pool) or a physical volume (an FC LUN seen by the VIOS).
 *
 * <pre>{@code
 * ScsiStorage s = ScsiStorage.of(lu);
 * String id = s.uniqueDeviceId();
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"virtualDisk", "logicalUnit", "physicalVolume"})
public class ScsiStorage {
    @XmlElement(name = "VirtualDisk")
    public VirtualDisk virtualDisk;
    @XmlElement(name = "LogicalUnit")
    public LogicalUnit logicalUnit;
    @XmlElement(name = "PhysicalVolume")
    public PhysicalVolume physicalVolume;

    public static ScsiStorage of(VirtualDisk d) {
        ScsiStorage s = new ScsiStorage();
        s.virtualDisk = d;
        return s;
    }

    public static ScsiStorage of(LogicalUnit lu) {
        ScsiStorage s = new ScsiStorage();
        s.logicalUnit = lu;
        return s;
    }

    public static ScsiStorage of(PhysicalVolume pv) {
        ScsiStorage s = new ScsiStorage();
        s.physicalVolume = pv;
        return s;
    }

    /** The name of the storage element (disk name, unit name or volume name), or null. */
    public String name() {
        return virtualDisk != null ? virtualDisk.diskName
                : logicalUnit != null ? logicalUnit.unitName
                : physicalVolume != null ? physicalVolume.volumeName : null;
    }

    /** The unique device id of the storage element, or null. */
    public String uniqueDeviceId() {
        return virtualDisk != null ? virtualDisk.uniqueDeviceId
                : logicalUnit != null ? logicalUnit.uniqueDeviceId
                : physicalVolume != null ? physicalVolume.uniqueDeviceId : null;
    }
}
