/**
 * Devices of a running guest: the hot-plug commands (attach, detach in its live and persistent
 * halves, wait until libvirt reports the device removed), the volume file commands (blank qcow2 or
 * template clone, delete), and the volume and NIC actions built from them.
 */
package org.iaasengine.libvirt.devices;
