package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.spec.AttachVolumeRequest;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.iaasengine.powervm.storage.NpivVolumeConnector;
import org.iaasengine.powervm.storage.VolumeAttachment;
import org.iaasengine.powervm.storage.VolumeConnector;
import org.iaasengine.powervm.storage.VscsiVolumeConnector;

/**
 * Attach a Fibre Channel volume: find the LPAR (NOT_FOUND if absent) → connect the volume through
 * vSCSI or NPIV on the host's VIOS. Reverted by disconnecting.
 *
 * <pre>{@code
 * VolumeAttachment a = engine.run(AttachVolumeAction.plan(host, new VolumeRequest("web1", Connector.NPIV, "fcs0")));
 * }</pre>
 */
public final class AttachVolumeAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<VolumeAttachment> ATTACHED = Key.of("attached", VolumeAttachment.class);

    private AttachVolumeAction() {
    }

    public static Action<VolumeAttachment> plan(PowerVmHost host, VolumeRequest req) {
        return plan(host, new AttachVolumeRequest(host.name(), req.name(), req.connector(), req.target()));
    }

    public static Action<VolumeAttachment> plan(PowerVmHost host, AttachVolumeRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<VolumeAttachment>builder(AttachVolumeRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(ATTACHED, connector(host, req.volume())
                        .connect(Input.from(FOUND, LparInfo::uuid)))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .resultFrom(ATTACHED)
                .build();
    }

    /** The connector of {@code volume} on the host's VIOS. */
    static VolumeConnector connector(PowerVmHost host, VolumeRequest volume) {
        return volume.connector() == VolumeRequest.Connector.VSCSI
                ? new VscsiVolumeConnector(host.client(), host.viosUuid(), volume.target())
                : new NpivVolumeConnector(host.client(), host.viosUuid(), volume.target());
    }
}
