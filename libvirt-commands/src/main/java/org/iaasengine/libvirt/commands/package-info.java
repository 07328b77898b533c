/**
 * The GSN command set on libvirt: one small class per command, each with its revert where it has
 * side effects. Only commands live here; their parameters and shared values are in
 * {@link org.iaasengine.libvirt.spec}, and the plans that compose them in
 * {@link org.iaasengine.libvirt.actions}.
 *
 * <pre>{@code
 * .step(DOMAIN, new DefineVm(driver, DEFINITION))
 * .step(STARTED, new StartVm(driver, store, "host-a", "web1"))
 * }</pre>
 */
package org.iaasengine.libvirt.commands;
