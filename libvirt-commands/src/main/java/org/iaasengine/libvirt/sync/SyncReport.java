package org.iaasengine.libvirt.sync;

import java.time.Duration;
import java.util.List;

/**
 * What one full reconcile ({@code InitModel}) of a host did.
 *
 * <pre>{@code
 * SyncReport r = monitor.initModel();
 * log.info("{} VMs on {} ({} from the store only), {} drifts in {} ms", r.vms(), r.host(),
 *         r.storedOnly(), r.drift().size(), r.took().toMillis());
 * }</pre>
 *
 * @param host       the host's name in the model
 * @param vms        VMs of the host in the model after the reconcile
 * @param listed     domains the host listed
 * @param storedOnly shut-down VMs known only from the definition store
 * @param drift      the differences found, in the order they were applied
 * @param took       how long the reconcile took (reading the host and writing the model)
 */
public record SyncReport(String host, int vms, int listed, int storedOnly, List<DriftEvent> drift, Duration took) {
    public SyncReport {
        drift = List.copyOf(drift);
    }
}
