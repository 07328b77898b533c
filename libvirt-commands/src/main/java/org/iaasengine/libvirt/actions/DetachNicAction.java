package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.DevicePlans.REMOVED;
import static org.iaasengine.libvirt.actions.DevicePlans.UNPLUGGED_CONFIG;
import static org.iaasengine.libvirt.actions.DevicePlans.UNPLUGGED_LIVE;

import java.util.function.Function;
import org.iaasengine.core.Command;
import org.iaasengine.core.Key;
import org.iaasengine.core.Results;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.xml.DeviceXml;
import org.iaasengine.libvirt.xml.DomainXml;
import org.iaasengine.libvirt.xml.DomainXmlCodec;
import org.iaasengine.libvirt.xml.NetInterface;
import org.iaasengine.core.Action;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.AwaitRemoved;
import org.iaasengine.libvirt.devices.DetachDevice;
import org.iaasengine.libvirt.devices.StoreDevice;
import org.iaasengine.libvirt.devices.Device;
import org.iaasengine.libvirt.driver.DeviceScope;
import org.iaasengine.libvirt.spec.DetachNicRequest;
import org.iaasengine.libvirt.sync.DeviceEvents.VnicDestroyed;
import org.iaasengine.model.ResourceModel;

/**
 * NIC detach: ask the running guest to release the interface with the MAC, wait until libvirt
 * reports it removed, take it out of the persistent definition; the model's VM no longer lists the
 * MAC. A guest that ignores the unplug gives TIMEOUT after the request's deadline, with the MAC
 * still listed (the interface is still there). The result is the {@code vnic_destroyed} event.
 *
 * <pre>{@code
 * engine.run(DetachNicAction.plan(model, settings, host,
 *         new DetachNicRequest("host-a", "web1", "52:54:00:12:34:57", Duration.ofSeconds(30))));
 * }</pre>
 */
public final class DetachNicAction {
    private DetachNicAction() {
    }

    private static final Key<Device> NIC = Key.of("nic", Device.class);

    /**
     * The interface as the VM has it (its network, for a revert that puts it back): from the live
     * definition, else the persistent one; a plain user interface of that MAC when neither has it
     * (then every step finds nothing to do).
     */
    static Device findNic(LibvirtDriver driver, String vm, String mac) {
        for (boolean inactive : new boolean[] {false, true}) {
            if (inactive && !driver.lookup(vm).map(d -> d.persistent()).orElse(false)) {
                break;
            }
            DomainXml d = DomainXmlCodec.fromXml(driver.dumpXml(vm, inactive));
            java.util.Optional<NetInterface> n = DeviceXml.findNic(d, mac);
            if (n.isPresent()) {
                String type = n.get().type();
                String network = switch (type) {
                    case "network" -> "network:" + n.get().sourceNetwork().orElse("");
                    case "bridge" -> "bridge:" + n.get().sourceBridge().orElse("");
                    default -> "user";
                };
                return Device.nic(network, mac);
            }
        }
        return Device.nic("user", mac);
    }

    public static Action<VnicDestroyed> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            DetachNicRequest req) {
        VmPlans.checkHost(req, req.host(), host);
        String vm = req.vm();
        String mac = req.mac();
        Function<Results, Device> nic = r -> r.get(NIC);
        return DevicePlans.<VnicDestroyed>start(req, s, req.deadline())
                .step(Step.of(NIC, Command.reading("FindNic", ctx -> findNic(host.driver(), vm, mac)))
                        .withRetry(s.retry()))
                .step(Step.of(UNPLUGGED_LIVE, new DetachDevice(host.driver(), vm, nic, DeviceScope.LIVE))
                        .withRetry(s.retry()))
                .step(REMOVED, new AwaitRemoved(host.driver(), vm, nic, req.deadline()))
                .step(Step.of(UNPLUGGED_CONFIG, new DetachDevice(host.driver(), vm, nic, DeviceScope.CONFIG))
                        .withRetry(s.retry()))
                .step(DevicePlans.STORED, new StoreDevice(host.store(), vm, nic, StoreDevice.Change.REMOVE))
                .sync(r -> model.update(m -> m.vm(vm).filter(v -> v.macs().contains(mac)).ifPresent(v ->
                        m.putVm(v.toBuilder().macs(v.macs().stream().filter(x -> !x.equals(mac)).toList()).build()))))
                .result(r -> new VnicDestroyed(host.name(), vm, mac))
                .build();
    }
}
