package org.iaasengine.powervm.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.commands.FindLpar;
import org.iaasengine.powervm.commands.ResizeLpar;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparInfo;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.Resized;

/**
 * Resize: find the LPAR (NOT_FOUND if absent) → change its memory and processors
 * ({@link ResizeLpar}: powered off, anything; running, within its minimum and maximum, else an
 * InvalidInputException naming the value). A failure after the write writes the old shape back. On
 * success the VM's vCPUs and memory in the model follow.
 *
 * <pre>{@code
 * Resized r = engine.run(ResizeAction.plan(host, new ResizeRequest("sim-a", "web1", 4096, 1.0, 2, null)));
 * }</pre>
 */
public final class ResizeAction {
    public static final Key<LparInfo> FOUND = Key.of("found", LparInfo.class);
    public static final Key<Resized> RESIZED = Key.of("resized", Resized.class);

    private ResizeAction() {
    }

    public static Action<Resized> plan(PowerVmHost host, ResizeRequest req) {
        Plans.checkHost(req, req.host(), host);
        return Action.<Resized>builder(ResizeRequest.ACTION, ResourceKey.vm(req.name()).toString())
                .request(req)
                .step(FOUND, new FindLpar(host.client(), host.systemUuid(), req.name(), true))
                .step(RESIZED, new ResizeLpar(host.client(), Input.from(FOUND, LparInfo::uuid), req))
                .retry(host.retry())
                .revertRetry(host.revertRetry())
                .timeout(host.timeouts().action())
                .sync(r -> host.model().update(m -> m.vm(req.name()).ifPresent(vm -> m.putVm(vm.toBuilder()
                        .vcpus(r.get(RESIZED).after().vcpus()).memoryKiB(r.get(RESIZED).after().memoryMb() * 1024)
                        .build()))))
                .resultFrom(RESIZED)
                .build();
    }
}
