/**
 * Model sync for PowerVM: {@link org.iaasengine.powervm.sync.LparEventSync} keeps the
 * {@link org.iaasengine.model.ResourceModel} true to a managed system from the REST event feed;
 * {@link org.iaasengine.powervm.sync.LparStates} maps partition states and partitions to the model,
 * {@link org.iaasengine.powervm.sync.HostFacts} a managed system to the model's host.
 *
 * <pre>{@code
 * try (LparEventSync sync = new LparEventSync(host)) {
 *     sync.start();
 * }
 * }</pre>
 */
package org.iaasengine.powervm.sync;
