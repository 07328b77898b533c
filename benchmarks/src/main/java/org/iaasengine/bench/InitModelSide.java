package org.iaasengine.bench;

import java.time.Duration;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.libvirt.sync.SyncReport;
import org.iaasengine.model.ResourceModel;

/**
 * "Ours" in scenario 2: the library's InitModel ({@link HostMonitor#initModel()}) of a host into
 * one resource model, as a cloud manager runs it again and again (warm: connection open, model
 * filled). Close it when done.
 */
public final class InitModelSide implements AutoCloseable {
    private final String name;
    private final HostMonitor monitor;

    private InitModelSide(String name, HostMonitor monitor) {
        this.name = name;
        this.monitor = monitor;
    }

    /**
     * The library's InitModel through {@code driver}, with the definitions in {@code store} (where
     * the library keeps vCPUs, memory and MACs: no domain XML is read for a VM it created).
     */
    public static InitModelSide hostMonitor(String label, LibvirtDriver driver, DefinitionStore store,
            String hostName) {
        LibvirtHost host = LibvirtHost.builder(hostName, driver).domainType("qemu").store(store).build();
        return new InitModelSide(label, HostMonitor.builder(host, new ResourceModel())
                .reconcileInterval(Duration.ZERO).build());
    }

    /** What the table calls it. */
    public String name() {
        return name;
    }

    /** One full InitModel; returns how many domains the host listed. */
    public int initModel() {
        SyncReport r = monitor.initModel();
        return r.listed();
    }

    @Override
    public void close() {
        monitor.close();
    }
}
