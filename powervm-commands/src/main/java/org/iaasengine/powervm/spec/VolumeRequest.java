package org.iaasengine.powervm.spec;

import java.util.Objects;

/**
 * A Fibre Channel volume to attach or detach, as data: the VM, the connector, and the volume's
 * unique device id (vSCSI) or the physical port (NPIV). Checked on construction. The shorthand
 * callers give the plans of AttachVolume and DetachVolume, which record their own typed request
 * ({@link AttachVolumeRequest}, {@link DetachVolumeRequest}) naming the host too.
 *
 * <pre>{@code
 * new VolumeRequest("web1", VolumeRequest.Connector.VSCSI, "01M0lCTTIxNDUxMjQ2MDA1MDc2");
 * new VolumeRequest("web1", VolumeRequest.Connector.NPIV, "fcs0");
 * }</pre>
 *
 * @param name      the LPAR name
 * @param connector how the volume reaches the LPAR
 * @param target    the volume's unique device id (VSCSI) or the VIOS port (NPIV)
 */
public record VolumeRequest(String name, Connector connector, String target) {

    /** nova-powervm's two FC volume connectors. */
    public enum Connector { VSCSI, NPIV }

    public VolumeRequest {
        Validate.lparName(name);
        Objects.requireNonNull(connector, "connector");
        if (connector == Connector.VSCSI) {
            Validate.udid(target);
        } else {
            Validate.fcPort(target);
        }
    }
}
