package org.iaasengine.libvirt.devices;

/**
 * A volume's file as made on the host's storage.
 *
 * @param path      its absolute path
 * @param format    {@code qcow2}
 * @param sizeBytes its virtual size, as {@code qemu-img info} reads it
 */
public record VolumeFile(String path, String format, long sizeBytes) {
}
