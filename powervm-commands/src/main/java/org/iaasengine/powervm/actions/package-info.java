/**
 * The nova-powervm flows as engine {@link org.iaasengine.core.Action}s, one plan class per action,
 * each building its plan from a {@link org.iaasengine.powervm.PowerVmHost} and the action's typed
 * request of {@link org.iaasengine.powervm.spec}: Spawn, Destroy, PowerOn, PowerOff, Reboot, Migrate
 * (LPM), InitModel, HostInfo, HostStatistical, AttachVolume, DetachVolume and the image cache
 * cleanup; and the {@link org.iaasengine.powervm.actions.PowerVmRegistry} that rebuilds a plan from its
 * request alone. Plans retry TRANSIENT failures per step, revert in reverse order on failure, claim
 * the VM in the {@link org.iaasengine.model.ResourceModel} with a transitional state while they run
 * and sync the model when they succeed.
 *
 * <pre>{@code
 * PowerVmHost host = PowerVmHost.of("hmc1/sys-a", client, systemUuid, "sys-a", viosUuid, model);
 * Vm vm = engine.run(SpawnAction.plan(host, new SspDiskDriver(client, sspUuid, viosUuid),
 *         new SpawnRequest("web1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20)));
 * }</pre>
 */
package org.iaasengine.powervm.actions;
