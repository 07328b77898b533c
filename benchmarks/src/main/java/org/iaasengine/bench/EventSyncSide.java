package org.iaasengine.bench;

import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;

/**
 * "Ours" in scenario 5: what keeps a resource model in step with libvirt's lifecycle events.
 * Pluggable, so the library's event-driven model sync (branch {@code sync}) can replace the
 * stand-in below once it is on this branch.
 */
public interface EventSyncSide {

    /** What the table calls it. */
    String name();

    /** Starts keeping {@code model} in step; close the handle to stop. */
    AutoCloseable start(ResourceModel model);

    /**
     * Stand-in until the library's sync is here: the driver's own lifecycle subscription
     * ({@link LibvirtDriver#subscribe}), a STOPPED event marking the VM SHUTOFF in the model.
     */
    static EventSyncSide driverSubscription(LibvirtDriver driver, String label) {
        return new EventSyncSide() {
            @Override
            public String name() {
                return label;
            }

            @Override
            public AutoCloseable start(ResourceModel model) {
                return driver.subscribe(e -> {
                    if (e.type() == DomainEvent.Type.STOPPED) {
                        model.update(m -> m.vm(e.name()).ifPresent(vm -> m.putVm(vm.withState(VmState.SHUTOFF))));
                    }
                });
            }
        };
    }
}
