/**
 * What the PowerVM actions and commands take and return, as data: one request record per action
 * ({@link org.iaasengine.powervm.spec.SpawnRequest}, {@link org.iaasengine.powervm.spec.PowerOnRequest},
 * ... each an {@link org.iaasengine.request.ActionRequest} that names its host by model name), the
 * shorthands callers give the plans ({@link org.iaasengine.powervm.spec.VmRequest},
 * {@link org.iaasengine.powervm.spec.VolumeRequest}), the checks of every input
 * ({@link org.iaasengine.powervm.spec.Validate}), command inputs ({@link org.iaasengine.powervm.spec.Input}),
 * references to what a command made ({@link org.iaasengine.powervm.spec.LparRef},
 * {@link org.iaasengine.powervm.spec.DiskRef}...) and what it read or did
 * ({@link org.iaasengine.powervm.spec.LparInfo}, {@link org.iaasengine.powervm.spec.PowerOffResult}...).
 *
 * <pre>{@code
 * SpawnRequest req = new SpawnRequest("web1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20);
 * String name = Validate.lparName("web1");
 * }</pre>
 */
package org.iaasengine.powervm.spec;
