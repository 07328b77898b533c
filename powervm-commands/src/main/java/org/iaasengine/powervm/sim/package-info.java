/**
 * A PowerVM REST simulator served on loopback by the JDK's {@code HttpServer}: stateful (managed
 * systems, LPARs, VIOSes with vSCSI and NPIV mappings, volume groups, a shared storage pool,
 * client network adapters, jobs that take a configurable number of polls, etags that change on
 * every write, an event feed), deterministic, and controllable from tests through
 * {@link org.iaasengine.powervm.sim.SimFaults} (412 etag conflicts, 500 "VIOS busy", failing and
 * held jobs, dropped connections) and {@link org.iaasengine.powervm.sim.PowerVmSimulator#snapshot()}.
 * Its payloads follow the recorded HMC responses.
 *
 * <pre>{@code
 * try (PowerVmSimulator sim = PowerVmSimulator.start()) {
 *     sim.faults().viosBusy("POST", "VolumeGroup", 2);
 *     PowerVmClient client = PowerVmClient.connect(sim.config().build());
 *     ...
 *     assertThat(sim.snapshot().lpars()).isEmpty();
 * }
 * }</pre>
 */
package org.iaasengine.powervm.sim;
