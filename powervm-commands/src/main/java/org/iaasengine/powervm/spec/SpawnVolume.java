package org.iaasengine.powervm.spec;

import java.util.Objects;

/**
 * A Fibre Channel volume to connect at spawn, before power-on (nova-powervm's block device
 * mappings): through vSCSI (the LUN's unique device id) or NPIV (the VIOS port). Checked on
 * construction as {@link VolumeRequest} checks.
 *
 * <pre>{@code
 * new SpawnVolume(VolumeRequest.Connector.VSCSI, "01M0lCTTIxNDUxMjQ2MDA1MDc2");
 * new SpawnVolume(VolumeRequest.Connector.NPIV, "fcs0");
 * }</pre>
 *
 * @param connector how the volume reaches the LPAR
 * @param target    the volume's unique device id (VSCSI) or the VIOS port (NPIV)
 */
public record SpawnVolume(VolumeRequest.Connector connector, String target) {
    public SpawnVolume {
        Objects.requireNonNull(connector, "connector");
        if (connector == VolumeRequest.Connector.VSCSI) {
            Validate.udid(target);
        } else {
            Validate.fcPort(target);
        }
    }
}
