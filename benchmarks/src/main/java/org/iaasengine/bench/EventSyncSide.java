package org.iaasengine.bench;

import java.time.Duration;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.ResourceModel;

/**
 * "Ours" in scenario 5: the library's event-driven model sync, a {@link HostMonitor} started on a
 * model (lifecycle events applied by its worker; no periodic reconcile during the measurement).
 */
public interface EventSyncSide {

    /** What the table calls it. */
    String name();

    /** Starts keeping {@code model} in step; close the handle to stop. */
    AutoCloseable start(ResourceModel model);

    /** A {@link HostMonitor} of the host behind {@code driver}, definitions in {@code store}. */
    static EventSyncSide hostMonitor(String label, LibvirtDriver driver, DefinitionStore store, String hostName) {
        return new EventSyncSide() {
            @Override
            public String name() {
                return label;
            }

            @Override
            public AutoCloseable start(ResourceModel model) {
                LibvirtHost host = LibvirtHost.builder(hostName, driver).domainType("qemu").store(store).build();
                HostMonitor monitor = HostMonitor.builder(host, model).reconcileInterval(Duration.ZERO).build();
                monitor.start();
                return monitor;
            }
        };
    }
}
