package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.spec.DetachVolumeRequest;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.VolumeRequest;
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
        return plan(host, new DetachVolumeRequest(host.name(), req.name(), req.connector(), req.target()));
    }

    public static Action<VolumeAttachment> plan(PowerVmHost host, DetachVolumeRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<VolumeAttachment>builder(DetachVolumeRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), false))
                .step(DETACHED, AttachVolumeAction.connector(host, req.volume())
                        .disconnect(Input.from(FOUND, LparInfo::uuid)))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .result(r -> r.find(DETACHED).orElse(null))
                .build();
    }
}
