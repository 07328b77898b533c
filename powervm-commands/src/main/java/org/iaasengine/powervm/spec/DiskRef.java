package org.iaasengine.powervm.spec;

import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.PhysicalVolume;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VirtualOpticalMedia;

/**
 * A disk a vSCSI mapping can serve: a virtual disk of a volume group, a logical unit of a shared
 * storage pool, or a physical volume (a Fibre Channel LUN) a VIOS sees. A mapping read from a VIOS
 * may also serve a virtual optical medium (an ISO another tool made, such as a configuration drive)
 * or storage of a kind the model does not know ({@link Kind#OTHER}, named by its element): the
 * library unmaps those with the VM that uses them but never makes or deletes them.
 *
 * <pre>{@code
 * ScsiStorage storage = results.get(DISK).toStorage();
 * }</pre>
 *
 * @param kind      what kind of disk
 * @param container the volume group, pool or VIOS UUID that holds it
 * @param viosUuid  the VIOS whose volume group holds it (null for a logical unit)
 * @param name      disk, unit, volume or medium name; for {@link Kind#OTHER} the storage's element name
 * @param udid      unique device id (null when the server gave none)
 * @param sizeGb    capacity in GB
 */
public record DiskRef(Kind kind, String container, String viosUuid, String name, String udid, double sizeGb) {

    /** The kinds of disk. */
    public enum Kind { VIRTUAL_DISK, LOGICAL_UNIT, PHYSICAL_VOLUME, VIRTUAL_OPTICAL, OTHER }

    /** True for the kinds the disk drivers make and delete (virtual disks and logical units). */
    public boolean isDriverDisk() {
        return kind == Kind.VIRTUAL_DISK || kind == Kind.LOGICAL_UNIT;
    }

    /**
     * The storage element of a mapping of this disk.
     *
     * @throws CommandException INVALID_INPUT for {@link Kind#OTHER}, whose element the library cannot make
     */
    public ScsiStorage toStorage() {
        return switch (kind) {
            case VIRTUAL_DISK -> {
                VirtualDisk d = VirtualDisk.of(name, sizeGb, null);
                d.uniqueDeviceId = udid;
                yield ScsiStorage.of(d);
            }
            case LOGICAL_UNIT -> {
                LogicalUnit lu = LogicalUnit.of(name, sizeGb, LogicalUnit.DISK, null);
                lu.uniqueDeviceId = udid;
                yield ScsiStorage.of(lu);
            }
            case PHYSICAL_VOLUME -> ScsiStorage.of(PhysicalVolume.ref(name, udid));
            case VIRTUAL_OPTICAL -> {
                VirtualOpticalMedia m = VirtualOpticalMedia.ref(name);
                m.mediaUdid = udid;
                yield ScsiStorage.of(m);
            }
            case OTHER -> throw CommandException.invalid("storage " + name + " is of a kind the library cannot map");
        };
    }

    /** The disk a mapping's storage element serves (container unknown: null). */
    public static DiskRef ofMapped(ScsiStorage s, String viosUuid) {
        if (s.virtualDisk != null) {
            return new DiskRef(Kind.VIRTUAL_DISK, null, viosUuid, s.virtualDisk.diskName,
                    s.virtualDisk.uniqueDeviceId, s.virtualDisk.diskCapacity == null ? 0 : s.virtualDisk.diskCapacity);
        }
        if (s.logicalUnit != null) {
            return new DiskRef(Kind.LOGICAL_UNIT, null, null, s.logicalUnit.unitName,
                    s.logicalUnit.uniqueDeviceId, s.logicalUnit.unitCapacity == null ? 0 : s.logicalUnit.unitCapacity);
        }
        if (s.physicalVolume != null) {
            return new DiskRef(Kind.PHYSICAL_VOLUME, viosUuid, viosUuid, s.physicalVolume.volumeName,
                    s.physicalVolume.uniqueDeviceId, 0);
        }
        if (s.virtualOpticalMedia != null) {
            return new DiskRef(Kind.VIRTUAL_OPTICAL, viosUuid, viosUuid, s.virtualOpticalMedia.mediaName,
                    s.virtualOpticalMedia.mediaUdid,
                    s.virtualOpticalMedia.size == null ? 0 : s.virtualOpticalMedia.size);
        }
        return new DiskRef(Kind.OTHER, viosUuid, viosUuid, s.otherKind(), null, 0);
    }

    /**
     * True when the mapping's storage element {@code s} serves this disk: same kind, and the same
     * unique device id or the same name.
     */
    public boolean isServedBy(ScsiStorage s) {
        DiskRef mapped = ofMapped(s, viosUuid);
        if (mapped.kind() != kind) {
            return false;
        }
        if (udid != null && udid.equals(mapped.udid())) {
            return true;
        }
        return kind != Kind.OTHER && name != null && name.equals(mapped.name());
    }
}
