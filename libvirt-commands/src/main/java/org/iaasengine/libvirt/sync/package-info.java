/**
 * Model sync for libvirt: keeps the {@link org.iaasengine.model.ResourceModel} true to what a
 * libvirt host runs.
 *
 * <p>{@link org.iaasengine.libvirt.sync.HostMonitor} is the one type to use: one per
 * {@link org.iaasengine.libvirt.LibvirtHost}. Its {@code initModel()} is the full reconcile (bulk
 * calls, the definition store for shut-down transient VMs, per-domain calls only once for VMs the
 * library did not create), also available as an engine action; {@code start()} follows lifecycle
 * events, reconciles after a reconnect and periodically. Every difference found between the model
 * and the host is reported as a {@link org.iaasengine.libvirt.sync.DriftEvent}.
 *
 * <pre>{@code
 * HostMonitor monitor = HostMonitor.builder(host, model).reconcileInterval(Duration.ofMinutes(5)).build();
 * monitor.addDriftListener(drift -> log.info("{}", drift));
 * monitor.initModel();
 * monitor.start();
 * }</pre>
 */
package org.iaasengine.libvirt.sync;
