package org.iaasengine.libvirt.spec;

import java.time.Duration;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.core.Visible;
import org.iaasengine.libvirt.devices.VolumeIds;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code nic-detach} action: unplug the interface with {@code mac} from a
 * running VM; done when libvirt reports it removed, TIMEOUT after {@code deadline} otherwise.
 *
 * <pre>{@code
 * engine.run(actions.detachNic(host, "web1", "52:54:00:12:34:57", Duration.ofSeconds(30)));
 * }</pre>
 *
 * @param host     the host's model name
 * @param vm       the VM's name
 * @param mac      the interface's MAC address (lower-cased here)
 * @param deadline how long the guest has to release the device, 1 s to 1 h
 */
public record DetachNicRequest(String host, String vm, String mac, Duration deadline) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "nic-detach";

    public DetachNicRequest {
        InvalidInputException.check(host != null && !host.isEmpty(), "host of a %s request must not be empty", ACTION);
        DomainNames.check(vm);
        mac = VmSpec.normalizeMac(mac);
        checkDeadline(deadline);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(vm);
    }

    private static void checkDeadline(Duration deadline) {
        InvalidInputException.check(deadline != null && deadline.compareTo(Duration.ofSeconds(1)) >= 0
                && deadline.compareTo(Duration.ofHours(1)) <= 0, "deadline of a %s request must be 1 s to 1 h, was %s",
                ACTION, deadline);
    }
}
