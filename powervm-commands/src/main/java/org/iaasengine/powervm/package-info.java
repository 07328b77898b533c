/**
 * PowerVM support. {@link org.iaasengine.powervm.PowerVmHost} (one managed system: its client,
 * UUIDs, VIOS, the resource model, retry and timeouts) lives here; the rest in the subpackages:
 * {@code actions} (one plan class per action and the request registry), {@code commands} (commands
 * only), {@code spec} (requests, validation, references and results), {@code sync} (model sync from
 * the event feed), {@code storage} (disk drivers and volume connectors), {@code rest} (the REST
 * client) and {@code xml} (the JAXB payloads).
 */
package org.iaasengine.powervm;
