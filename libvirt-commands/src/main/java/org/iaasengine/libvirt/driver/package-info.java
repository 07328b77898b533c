/**
 * The driver port between libvirt commands and a libvirt host, its value types, and the error
 * classification shared by the virsh and libvirt-java drivers.
 */
package org.iaasengine.libvirt.driver;
