package org.iaasengine.libvirt.actions;

import com.google.common.reflect.TypeToken;
import static org.iaasengine.libvirt.actions.VmPlans.LOCATED;

import java.util.Optional;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.LocateVm;
import org.iaasengine.libvirt.commands.SetIp;
import org.iaasengine.libvirt.spec.SetVmIpRequest;
import org.iaasengine.libvirt.spec.VmSpec;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * SetVmIp: record the IP the cloud manager assigned, in the model and the definition store (null
 * clears it). The IP is checked by the same rules as Create's.
 *
 * <pre>{@code
 * Vm vm = engine.run(SetVmIpAction.plan(model, settings, host, new SetVmIpRequest("host-a", "web1", "10.0.0.5")));
 * }</pre>
 */
public final class SetVmIpAction {
    private SetVmIpAction() {
    }

    public static Action<Vm> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, SetVmIpRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        if (req.ip() != null) { // null clears it
            VmSpec.checkIp(req.ip()); // the same rules as Create
        }
        VmPlans.checkHost(req, req.host(), host);
        return Action.<Vm>builder(SetVmIpRequest.ACTION, ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.actionTimeout())
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, VmPlans.locate(model, host, name, LocateVm.Presence.ANY)).withRetry(s.retry()))
                .step(Step.of(Key.of("previous-ip", new TypeToken<Optional<String>>() {
                }), new SetIp(model, host.store(), name, req.ip())))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }
}
