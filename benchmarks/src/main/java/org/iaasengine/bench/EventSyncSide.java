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

    /**
     * When the driver's event callback received the last STOPPED event of each domain (System.nanoTime),
     * for the library's own part of the latency: from the event's arrival to the model change.
     */
    java.util.Map<String, Long> stoppedEventArrivals();

    /** A {@link HostMonitor} of the host behind {@code driver}, definitions in {@code store}. */
    static EventSyncSide hostMonitor(String label, LibvirtDriver driver, DefinitionStore store, String hostName) {
        java.util.Map<String, Long> arrivals = new java.util.concurrent.ConcurrentHashMap<>();
        // The driver as the monitor sees it, but each event timestamped as the callback receives it.
        LibvirtDriver timed = (LibvirtDriver) java.lang.reflect.Proxy.newProxyInstance(
                LibvirtDriver.class.getClassLoader(), new Class<?>[] {LibvirtDriver.class}, (proxy, method, args) -> {
                    Object[] a = args;
                    if (method.getName().equals("subscribe") && args != null && args.length == 1) {
                        @SuppressWarnings("unchecked")
                        java.util.function.Consumer<org.iaasengine.libvirt.driver.DomainEvent> l =
                                (java.util.function.Consumer<org.iaasengine.libvirt.driver.DomainEvent>) args[0];
                        a = new Object[] {(java.util.function.Consumer<org.iaasengine.libvirt.driver.DomainEvent>) e -> {
                            if (e.type() == org.iaasengine.libvirt.driver.DomainEvent.Type.STOPPED) {
                                arrivals.put(e.name(), System.nanoTime());
                            }
                            l.accept(e);
                        }};
                    }
                    try {
                        return method.invoke(driver, a);
                    } catch (java.lang.reflect.InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
        return new EventSyncSide() {
            @Override
            public String name() {
                return label;
            }

            @Override
            public java.util.Map<String, Long> stoppedEventArrivals() {
                return arrivals;
            }

            @Override
            public AutoCloseable start(ResourceModel model) {
                LibvirtHost host = LibvirtHost.builder(hostName, timed).domainType("qemu").store(store).build();
                HostMonitor monitor = HostMonitor.builder(host, model).reconcileInterval(Duration.ZERO).build();
                monitor.start();
                return monitor;
            }
        };
    }
}
