package org.iaasengine.powervm.xml.uom;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
import jakarta.xml.bind.annotation.XmlAnyElement;
import jakarta.xml.bind.annotation.XmlElement;
import jakarta.xml.bind.annotation.XmlType;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/**
 * The {@code <Storage>} of a vSCSI mapping: one of a virtual disk (volume group), a logical unit
 * (shared storage pool), a physical volume (an FC LUN seen by the VIOS) or a virtual optical medium
 * (an ISO of the media repository). Storage of a kind the model does not know is kept as it came
 * ({@link #other}) and written back unchanged; {@link #name()} and {@link #uniqueDeviceId()} are
 * then null and {@link #otherKind()} names it.
 *
 * <pre>{@code
 * ScsiStorage s = ScsiStorage.of(lu);
 * String id = s.uniqueDeviceId();
 * }</pre>
 */
@XmlAccessorType(XmlAccessType.FIELD)
@XmlType(propOrder = {"virtualDisk", "logicalUnit", "physicalVolume", "virtualOpticalMedia", "other"})
public class ScsiStorage {
    @XmlElement(name = "VirtualDisk")
    public VirtualDisk virtualDisk;
    @XmlElement(name = "LogicalUnit")
    public LogicalUnit logicalUnit;
    @XmlElement(name = "PhysicalVolume")
    public PhysicalVolume physicalVolume;
    @XmlElement(name = "VirtualOpticalMedia")
    public VirtualOpticalMedia virtualOpticalMedia;
    /** Storage of a kind the model does not map, written back unchanged. */
    @XmlAnyElement
    public List<Element> other = new ArrayList<>();

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

    public static ScsiStorage of(VirtualOpticalMedia media) {
        ScsiStorage s = new ScsiStorage();
        s.virtualOpticalMedia = media;
        return s;
    }

    /** The name of the storage element (disk, unit, volume or medium name), or null. */
    public String name() {
        return virtualDisk != null ? virtualDisk.diskName
                : logicalUnit != null ? logicalUnit.unitName
                : physicalVolume != null ? physicalVolume.volumeName
                : virtualOpticalMedia != null ? virtualOpticalMedia.mediaName : null;
    }

    /** The unique device id of the storage element (a medium's UDID), or null. */
    public String uniqueDeviceId() {
        return virtualDisk != null ? virtualDisk.uniqueDeviceId
                : logicalUnit != null ? logicalUnit.uniqueDeviceId
                : physicalVolume != null ? physicalVolume.uniqueDeviceId
                : virtualOpticalMedia != null ? virtualOpticalMedia.mediaUdid : null;
    }

    /** The element name of storage the model does not map ({@code VirtualDisk} and the like are mapped), or null. */
    public String otherKind() {
        return virtualDisk == null && logicalUnit == null && physicalVolume == null && virtualOpticalMedia == null
                && !other.isEmpty() ? other.get(0).getLocalName() : null;
    }
}
