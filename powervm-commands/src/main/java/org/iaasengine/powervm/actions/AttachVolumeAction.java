package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.Input;
import org.iaasengine.powervm.commands.LparInfo;
import org.iaasengine.powervm.storage.VolumeAttachment;

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
        return Action.<VolumeAttachment>builder("powervm.attachVolume", PowerVmHost.vmKey(req.name()))
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(ATTACHED, req.connectorFor(host.client(), host.viosUuid())
                        .connect(Input.from(FOUND, LparInfo::uuid)))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .resultFrom(ATTACHED)
                .build();
    }
}
