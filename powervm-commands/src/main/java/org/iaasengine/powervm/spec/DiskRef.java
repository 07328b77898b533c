package org.iaasengine.powervm.spec;

import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.PhysicalVolume;
import org.iaasengine.powervm.xml.uom.ScsiStorage;
import org.iaasengine.powervm.xml.uom.VirtualDisk;

/**
 * A disk a vSCSI mapping can serve: a virtual disk of a volume group, a logical unit of a shared
 * storage pool, or a physical volume (a Fibre Channel LUN) a VIOS sees.
 *
 * <pre>{@code
 * ScsiStorage storage = results.get(DISK).toStorage();
 * }</pre>
 *
 * @param kind      what kind of disk
 * @param container the volume group, pool or VIOS UUID that holds it
 * @param viosUuid  the VIOS whose volume group holds it (null for a logical unit)
 * @param name      disk, unit or volume name
 * @param udid      unique device id
 * @param sizeGb    capacity in GB
 */
public record DiskRef(Kind kind, String container, String viosUuid, String name, String udid, double sizeGb) {

    /** The kinds of disk. */
    public enum Kind { VIRTUAL_DISK, LOGICAL_UNIT, PHYSICAL_VOLUME }

    /** The storage element of a mapping of this disk. */
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
        return new DiskRef(Kind.PHYSICAL_VOLUME, viosUuid, viosUuid, s.physicalVolume.volumeName,
                s.physicalVolume.uniqueDeviceId, 0);
    }

    /** True when the mapping's storage element {@code s} serves this disk (same unique device id, or same name). */
    public boolean isServedBy(ScsiStorage s) {
        if (udid != null && udid.equals(s.uniqueDeviceId())) {
            return true;
        }
        return name != null && name.equals(s.name());
    }
}
