package org.iaasengine.powervm.commands;

import org.iaasengine.powervm.xml.uom.ScsiStorage;

/** Turns the storage of a vSCSI mapping back into a {@link DiskRef} (container unknown: null). */
final class MappedDisks {
    private MappedDisks() {
    }

    static DiskRef of(ScsiStorage s, String viosUuid) {
        if (s.virtualDisk != null) {
            return new DiskRef(DiskRef.Kind.VIRTUAL_DISK, null, viosUuid, s.virtualDisk.diskName,
                    s.virtualDisk.uniqueDeviceId, s.virtualDisk.diskCapacity == null ? 0 : s.virtualDisk.diskCapacity);
        }
        if (s.logicalUnit != null) {
            return new DiskRef(DiskRef.Kind.LOGICAL_UNIT, null, null, s.logicalUnit.unitName,
                    s.logicalUnit.uniqueDeviceId, s.logicalUnit.unitCapacity == null ? 0 : s.logicalUnit.unitCapacity);
        }
        return new DiskRef(DiskRef.Kind.PHYSICAL_VOLUME, viosUuid, viosUuid, s.physicalVolume.volumeName,
                s.physicalVolume.uniqueDeviceId, 0);
    }

    static boolean same(ScsiStorage s, DiskRef d) {
        if (d.udid() != null && d.udid().equals(s.uniqueDeviceId())) {
            return true;
        }
        return d.name() != null && d.name().equals(s.name());
    }
}
