package org.iaasengine.bench;

import java.time.Duration;
import java.util.function.Supplier;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.libvirt.sync.SyncReport;
import org.iaasengine.model.ResourceModel;

/**
 * "Ours" in scenario 2: the library's InitModel ({@link HostMonitor#initModel()}) of a host into
 * one resource model, as a cloud manager runs it again and again (warm: connection open, model
 * filled, facts cached), or cold ({@link #cold}: before each timed run, not timed, a new monitor
 * with no cache, a new model and an empty definition store, so every domain's XML is read, as the
 * peer's cold run reads every XMLDesc). Close it when done.
 */
public final class InitModelSide implements AutoCloseable {
    private final String name;
    private final Supplier<HostMonitor> fresh;
    private HostMonitor monitor;

    private InitModelSide(String name, Supplier<HostMonitor> fresh) {
        this.name = name;
        this.fresh = fresh;
        this.monitor = fresh.get();
    }

    /**
     * The library's InitModel through {@code driver}, with the definitions in {@code store} (where
     * the library keeps vCPUs, memory and MACs: no domain XML is read for a VM it created).
     */
    public static InitModelSide hostMonitor(String label, LibvirtDriver driver, DefinitionStore store,
            String hostName) {
        return new InitModelSide(label, monitors(driver, store, hostName));
    }

    /** A new monitor (no cache) of the host behind {@code driver} into a new model, each time. */
    private static Supplier<HostMonitor> monitors(LibvirtDriver driver, DefinitionStore store, String hostName) {
        LibvirtHost host = LibvirtHost.builder(hostName, driver).domainType("qemu").store(store).build();
        return () -> HostMonitor.builder(host, new ResourceModel()).reconcileInterval(Duration.ZERO).build();
    }

    /** What the table calls it. */
    public String name() {
        return name;
    }

    /** Starts again with nothing cached: a new monitor, model and (for a cold side) store. Not timed. */
    public void reset() {
        monitor.close();
        monitor = fresh.get();
    }

    /** One full InitModel; returns how many domains the host listed. */
    public int initModel() {
        SyncReport r = monitor.initModel();
        return r.listed();
    }

    /**
     * The library's InitModel through {@code driver} with an empty definition store of its own in
     * {@code emptyStoreDir}: every listed domain is one it has not seen, so its XML is read.
     */
    public static InitModelSide cold(String label, LibvirtDriver driver, java.nio.file.Path emptyStoreDir,
            String hostName) {
        return new InitModelSide(label, monitors(driver, DefinitionStore.open(emptyStoreDir), hostName));
    }

    @Override
    public void close() {
        monitor.close();
    }
}
