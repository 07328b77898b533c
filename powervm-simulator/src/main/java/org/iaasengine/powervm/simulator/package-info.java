/**
 * A PowerVM REST simulator served on loopback by the JDK's {@code HttpServer}: stateful (managed
 * systems, LPARs, VIOSes with vSCSI and NPIV mappings, volume groups, a shared storage pool,
 * client network adapters, jobs that take a configurable number of polls, etags that change on
 * every write, an event feed), deterministic, and controllable from tests through
 * {@link org.iaasengine.powervm.simulator.SimFaults} (412 etag conflicts, 500 "VIOS busy", failing and
 * held jobs, dropped connections) and {@link org.iaasengine.powervm.simulator.PowerVmSimulator#snapshot()}.
 * Its payloads follow the recorded HMC responses.
 *
 * <p>The simulator is its own module ({@code powervm-simulator}), for tests and examples: the
 * library jar ({@code powervm-commands}) does not contain it. Besides the public
 * {@code PowerVmSimulator}, {@code SimFaults} and {@code SimSnapshot}, each REST resource is one
 * package-private class (sessions, URL map, managed systems, LPARs, client network adapters,
 * VIOSes and their mappings, volume groups, shared storage pools, jobs and their effects, events).
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
package org.iaasengine.powervm.simulator;
