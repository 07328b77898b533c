/**
 * The PowerVM commands: one small class per operation against an HMC or NovaLink, each with its
 * revert where it has side effects. Inputs are constructor arguments, checked before any request
 * ({@link org.iaasengine.powervm.commands.Validate}), or results of earlier steps
 * ({@link org.iaasengine.powervm.commands.Input#from}). Results are small records
 * ({@link org.iaasengine.powervm.commands.LparRef}, {@link org.iaasengine.powervm.commands.DiskRef}...).
 *
 * <pre>{@code
 * Key<LparRef> LPAR = Key.of("lpar", LparRef.class);
 * Action<Void> a = Action.<Void>builder("create", "vm:web1")
 *         .step(LPAR, new CreateLpar(client, systemUuid, LparSpec.of("web1", 2048, 0.5, 1)))
 *         .step(new PowerOn(client, Input.from(LPAR, LparRef::uuid), Duration.ofMinutes(5)))
 *         .build();
 * }</pre>
 */
package org.iaasengine.powervm.commands;
