package org.iaasengine.powervm.storage;

import java.util.List;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.ScsiMappingRef;

/** Selects, among unmapped disks, those of one kind and completes them with their container. */
final class InputOfDisks {
    private InputOfDisks() {
    }

    static Input<List<DiskRef>> select(Input<List<ScsiMappingRef>> unmapped, DiskRef.Kind kind, String container,
            String vios) {
        return unmapped.map(list -> list == null ? List.of() : list.stream().map(ScsiMappingRef::disk)
                .filter(d -> d.kind() == kind)
                .map(d -> new DiskRef(kind, container, vios, d.name(), d.udid(), d.sizeGb())).toList());
    }
}
