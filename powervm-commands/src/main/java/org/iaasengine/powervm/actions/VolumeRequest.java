package org.iaasengine.powervm.actions;

import java.util.Objects;
import org.iaasengine.powervm.commands.Validate;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.storage.NpivVolumeConnector;
import org.iaasengine.powervm.storage.VolumeConnector;
import org.iaasengine.powervm.storage.VscsiVolumeConnector;

/**
 * A Fibre Channel volume to attach or detach, as data: the VM, the connector, and the volume's
 * unique device id (vSCSI) or the physical port (NPIV). Checked on construction.
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

    /** The connector for this request on a VIOS. */
    public VolumeConnector connectorFor(PowerVmClient client, String viosUuid) {
        return connector == Connector.VSCSI ? new VscsiVolumeConnector(client, viosUuid, target)
                : new NpivVolumeConnector(client, viosUuid, target);
    }
}
