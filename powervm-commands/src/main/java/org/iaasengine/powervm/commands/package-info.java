/**
 * The PowerVM commands: one small class per operation against an HMC or NovaLink, each with its
 * revert where it has side effects. Only commands live here; what they take and return is in
 * {@link org.iaasengine.powervm.spec}, the REST paths and job options in {@link org.iaasengine.powervm.rest}. Inputs are constructor arguments, checked before any request
 * ({@link org.iaasengine.powervm.spec.Validate}), or results of earlier steps
 * ({@link org.iaasengine.powervm.spec.Input#from}). Results are small records
 * ({@link org.iaasengine.powervm.spec.LparRef}, {@link org.iaasengine.powervm.spec.DiskRef}...).
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

import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.LparRef;
import org.iaasengine.powervm.spec.LparSpec;
import org.iaasengine.powervm.spec.Validate;
