/**
 * The libvirt-java driver: {@link org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver}, the
 * {@link org.iaasengine.libvirt.driver.LibvirtDriver} port over libvirt-java (JNA) in process,
 * with one supervised connection per driver (keepalive, reconnect with backoff, reconnect
 * listeners), lifecycle events from libvirt's event loop, and direct JNA bindings for the calls
 * libvirt-java 0.5.4 lacks (bulk domain statistics, state with reason, shutdown modes, node
 * statistics).
 *
 * <pre>{@code
 * try (LibvirtJavaDriver driver = LibvirtJavaDriver.open("qemu:///system")) {
 *     driver.allDomainStats().forEach(s -> log.info("{} {}", s.name(), s.state()));
 * }
 * }</pre>
 *
 * <p>Everything but the driver and its builder is package-private machinery.
 */
package org.iaasengine.libvirt.libvirtjava;
