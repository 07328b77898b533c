package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.Input;
import org.iaasengine.powervm.commands.LparInfo;
import org.iaasengine.powervm.storage.VolumeAttachment;

/**
 * Detach a Fibre Channel volume: find the LPAR → disconnect the volume. A volume (or LPAR) already
 * gone is success (result null).
 *
 * <pre>{@code
 * engine.run(DetachVolumeAction.plan(host, new VolumeRequest("web1", Connector.VSCSI, udid)));
 * }</pre>
 */
public final class DetachVolumeAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<VolumeAttachment> DETACHED = Key.of("detached", VolumeAttachment.class);

    private DetachVolumeAction() {
    }

    public static Action<VolumeAttachment> plan(PowerVmHost host, VolumeRequest req) {
        return Action.<VolumeAttachment>builder("powervm.detachVolume", PowerVmHost.vmKey(req.name()))
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), false))
                .step(DETACHED, req.connectorFor(host.client(), host.viosUuid())
                        .disconnect(Input.from(FOUND, LparInfo::uuid)))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .result(r -> r.find(DETACHED).orElse(null))
                .build();
    }
}
