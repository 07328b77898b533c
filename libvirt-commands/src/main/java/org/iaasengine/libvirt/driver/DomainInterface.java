package org.iaasengine.libvirt.driver;

/**
 * A network interface of a domain, as {@code virsh domiflist} shows it.
 *
 * @param target the host-side device (for example {@code vnet0}), or "-" when none
 * @param type   {@code user}, {@code network}, {@code bridge}...
 * @param source the network or bridge, or "-" when none
 * @param model  the device model, or "-" when none
 * @param mac    the MAC address, lower case
 */
public record DomainInterface(String target, String type, String source, String model, String mac) {
}
