/**
 * Backup images on a libvirt host: the image store (a directory of compressed qcow2 images, each
 * with a JSON sidecar recording its size and sha256 checksum), and the cloud-init NoCloud seed
 * (metadata drive) a VM created with user-data gets.
 *
 * <pre>{@code
 * ImageStore images = new ImageStore(Path.of("/var/lib/iaas-engine/images"));
 * for (BackupImage i : images.list()) { System.out.println(i.name() + " " + i.sha256()); }
 * images.verify("web1-monday");   // recomputes the checksum; a mismatch is an INVALID_INPUT failure
 * }</pre>
 */
package org.iaasengine.libvirt.images;
