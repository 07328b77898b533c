/**
 * The driver port between libvirt commands and a libvirt host, its value types (typed state
 * reasons and event details among them), and what the virsh and libvirt-java drivers share: the
 * error classification, the rule for what is not there ({@link org.iaasengine.libvirt.driver.Absence})
 * and the watch over a migration ({@link org.iaasengine.libvirt.driver.MigrationWatch}).
 */
package org.iaasengine.libvirt.driver;
