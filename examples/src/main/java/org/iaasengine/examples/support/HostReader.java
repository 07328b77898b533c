package org.iaasengine.examples.support;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * Reads what one libvirt host runs, plus the VMs the definition store keeps for it (a shut-down
 * transient VM exists only there), into a {@link ResourceModel}: the library's InitModel
 * ({@link HostMonitor#initModel()}, bulk calls), run once by a stateless tool at the start of every
 * invocation, without starting the monitor's event subscription.
 *
 * <pre>{@code
 * ResourceModel model = new ResourceModel();
 * List<Vm> vms = HostReader.read(host, model);   // the model now shows the host's VMs
 * }</pre>
 */
public final class HostReader {
    private HostReader() {
    }

    /**
     * Reconciles {@code model} with {@code host} and returns the host's VMs, sorted by name.
     *
     * @throws DriverException when the host cannot be listed
     */
    public static List<Vm> read(LibvirtHost host, ResourceModel model) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(model, "model");
        HostMonitor monitor = HostMonitor.builder(host, model).reconcileInterval(Duration.ZERO).build();
        try {
            monitor.initModel();
        } finally {
            monitor.close();
        }
        return model.snapshot().vmsOn(host.name());
    }
}
