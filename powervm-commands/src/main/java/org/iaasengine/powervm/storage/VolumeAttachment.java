package org.iaasengine.powervm.storage;

import java.util.List;

/**
 * A Fibre Channel volume connected to an LPAR.
 *
 * <pre>{@code
 * VolumeAttachment a = engine.run(attach);
 * if (a.connector().equals("npiv")) zone(a.wwpns());
 * }</pre>
 *
 * @param connector "vscsi" or "npiv"
 * @param viosUuid  the VIOS that serves it
 * @param lparUuid  the LPAR
 * @param device    the hdisk name (vSCSI) or the physical port (NPIV)
 * @param wwpns     the LPAR's client WWPNs (NPIV; empty for vSCSI)
 */
public record VolumeAttachment(String connector, String viosUuid, String lparUuid, String device,
        List<String> wwpns) {
    public VolumeAttachment {
        wwpns = List.copyOf(wwpns);
    }
}
