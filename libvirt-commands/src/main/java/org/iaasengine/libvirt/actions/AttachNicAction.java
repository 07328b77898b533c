package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.DevicePlans.MAC_FREE;
import static org.iaasengine.libvirt.actions.DevicePlans.PLUGGED;

import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.AttachDevice;
import org.iaasengine.libvirt.devices.StoreDevice;
import org.iaasengine.libvirt.devices.Device;
import org.iaasengine.libvirt.spec.AttachNicRequest;
import org.iaasengine.libvirt.sync.DeviceEvents.VnicCreated;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * NIC attach: check that no other VM in the model has the MAC, hot-plug a virtio interface on the
 * network into the running VM (live and persistent together for a persistent VM), and the model's
 * VM lists the MAC. A failure after the device was added removes it again. The result is the
 * {@code vnic_created} event.
 *
 * <pre>{@code
 * VnicCreated e = engine.run(AttachNicAction.plan(model, settings, host,
 *         new AttachNicRequest("host-a", "web1", "52:54:00:12:34:57", "user")));
 * }</pre>
 */
public final class AttachNicAction {
    private AttachNicAction() {
    }

    public static Action<VnicCreated> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            AttachNicRequest req) {
        VmPlans.checkHost(req, req.host(), host);
        String vm = req.vm();
        String mac = req.mac();
        Device nic = Device.nic(req.network(), mac);
        Command<Boolean> macFree = Command.reading("CheckMacFree", ctx -> {
            for (Vm other : model.snapshot().vms().values()) {
                if (!other.name().equals(vm) && other.macs().contains(mac)) {
                    throw new CommandException(FailureCategory.CONFLICT, "mac " + mac + " is taken by vm '"
                            + other.name() + "' in the model; nothing was done");
                }
            }
            return true;
        });
        return DevicePlans.<VnicCreated>start(req, s, DevicePlans.REVERT_REMOVAL)
                .step(MAC_FREE, macFree)
                .step(Step.of(PLUGGED, new AttachDevice(host.driver(), vm, nic, DevicePlans.REVERT_REMOVAL))
                        .withRetry(s.retry()))
                .step(DevicePlans.STORED, new StoreDevice(host.store(), vm, nic, StoreDevice.Change.ADD))
                .sync(r -> model.update(m -> m.vm(vm).filter(v -> !v.macs().contains(mac)).ifPresent(v -> {
                    List<String> macs = new ArrayList<>(v.macs());
                    macs.add(mac);
                    m.putVm(v.toBuilder().macs(macs).build());
                })))
                .result(r -> new VnicCreated(host.name(), vm, mac, req.network()))
                .build();
    }
}
