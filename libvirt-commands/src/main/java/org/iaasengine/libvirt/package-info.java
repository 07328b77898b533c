/**
 * libvirt support. {@link org.iaasengine.libvirt.LibvirtHost} (one host: its driver, directories and
 * definition store) lives here; the rest in the subpackages: {@code actions} (one plan class per
 * action, the settings, the facade and the request registry), {@code commands} (commands only),
 * {@code spec} (requests, validation, shared values), {@code sync} (model sync), {@code driver} (the
 * driver port) with its two drivers {@code libvirtjava} (libvirt-java over JNA) and {@code virsh}, {@code xml} (the
 * domain XML), {@code store} (the definition store) and {@code exec} (external programs).
 */
package org.iaasengine.libvirt;
