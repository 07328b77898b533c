package org.iaasengine.libvirt.spec;

/**
 * A disk file the library created for a VM.
 *
 * @param path   its absolute path
 * @param format {@code qcow2} or {@code raw}
 */
public record DiskImage(String path, String format) {
}
