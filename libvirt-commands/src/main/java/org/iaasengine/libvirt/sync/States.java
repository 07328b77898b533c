package org.iaasengine.libvirt.sync;

import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Maps libvirt's domain states to the model's VM states, and a domain's info to the model's VM.
 *
 * <pre>{@code
 * VmState s = States.toModel(DomainState.BLOCKED);   // RUNNING
 * Vm now = States.fromInfo(vm, driver.info("web1"), host);
 * }</pre>
 */
public final class States {
    private States() {
    }

    /** The model state for a libvirt state. */
    public static VmState toModel(DomainState s) {
        return switch (s) {
            case RUNNING, BLOCKED, SHUTDOWN -> VmState.RUNNING;
            case PAUSED, PMSUSPENDED -> VmState.PAUSED;
            case SHUTOFF -> VmState.SHUTOFF;
            case CRASHED -> VmState.CRASHED;
            case NOSTATE -> VmState.UNKNOWN;
        };
    }

    /**
     * {@code vm} with what {@code info} says of it on {@code host}: UUID, host, state, vCPUs, memory,
     * and the file of its stored definition (kept as it was when the store has none).
     */
    public static Vm fromInfo(Vm vm, DomainInfo info, LibvirtHost host) {
        return vm.toBuilder().uuid(info.uuid()).host(host.name()).state(toModel(info.state()))
                .vcpus(info.vcpus()).memoryKiB(info.maxMemoryKiB())
                .definitionRef(host.store().get(vm.name()).map(d -> host.store().directory().resolve(d.uuid() + ".xml")
                        .toString()).orElse(vm.definitionRef()))
                .build();
    }
}
