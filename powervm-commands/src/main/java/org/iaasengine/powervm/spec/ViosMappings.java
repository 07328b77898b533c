package org.iaasengine.powervm.spec;

import java.util.List;

/**
 * The vSCSI and NPIV mappings of an LPAR a command removed (or made) on several VIOSes.
 *
 * <pre>{@code
 * ViosMappings removed = results.get(DestroyAction.UNMAPPED_OTHERS);
 * }</pre>
 *
 * @param scsi the vSCSI mappings
 * @param fc   the NPIV mappings
 */
public record ViosMappings(List<ScsiMappingRef> scsi, List<FcMappingRef> fc) {
    public ViosMappings {
        scsi = List.copyOf(scsi);
        fc = List.copyOf(fc);
    }

    /** True when there are none. */
    public boolean isEmpty() {
        return scsi.isEmpty() && fc.isEmpty();
    }
}
