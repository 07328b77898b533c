/**
 * The {@code virsh} driver: {@link org.iaasengine.libvirt.virsh.VirshDriver} implements the driver
 * port by running the {@code virsh} program through the library's process runner
 * ({@link org.iaasengine.core.exec.ProcessRunner}, on Apache Commons Exec), one short process
 * per call (argument arrays, never a shell; {@code LC_ALL=C}; a watchdog on every process), and
 * one long-running {@code virsh event} process per subscription.
 *
 * <p>Only {@code VirshDriver} is public. Behind it: virsh's words over the process runner, the
 * classifier that maps virsh's {@code error:} lines to libvirt error codes by libvirt's fixed
 * message prefixes, and the pure parsers of virsh's machine-readable outputs (unit-tested against recorded real outputs).
 */
package org.iaasengine.libvirt.virsh;
