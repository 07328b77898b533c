package org.iaasengine.powervm.spec;

import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.detachVolume} action: detach a Fibre Channel volume through vSCSI or NPIV.
 *
 * <pre>{@code
 * engine.run(DetachVolumeAction.plan(host, new VolumeRequest("web1", Connector.NPIV, "fcs0")));
 * // records new DetachVolumeRequest("sys-a", "web1", Connector.NPIV, "fcs0")
 * }</pre>
 *
 * @param host      the host's model name
 * @param name      the LPAR name
 * @param connector how the volume reaches the LPAR
 * @param target    the volume's unique device id (VSCSI) or the VIOS port (NPIV)
 */
public record DetachVolumeRequest(String host, String name, VolumeRequest.Connector connector, String target)
        implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.detachVolume";

    public DetachVolumeRequest {
        Validate.hostName(host);
        new VolumeRequest(name, connector, target); // the checks of VolumeRequest
    }

    /** The volume, as the connectors take it. */
    public VolumeRequest volume() {
        return new VolumeRequest(name, connector, target);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(name);
    }
}
