package org.iaasengine.libvirt.images;

import java.util.Objects;

/**
 * What the image store records beside a backup image, in its JSON sidecar ({@code <name>.json}):
 * written by the backup once the image is whole, read back by {@code create} to check the image
 * before a VM is made from it.
 *
 * <pre>{@code
 * BackupImage i = images.get("web1-monday").orElseThrow();
 * i.sha256();      // 64 lower-case hex digits of the image file's SHA-256
 * i.sizeBytes();   // the image file's size in bytes
 * }</pre>
 *
 * @param name        the image's name in the store (its file is {@code <name>.qcow2})
 * @param format      the image file's format, {@code qcow2}
 * @param sizeBytes   the image file's size in bytes
 * @param sha256      the image file's SHA-256, lower-case hex
 * @param virtualSize the disk's size as the guest sees it, in bytes
 * @param sourceVm    the VM it was taken from
 * @param consistency how a consistent point was had: {@code stopped} (the VM was shut off),
 *                    {@code point-in-time} (QEMU copied the running disk as it was at one instant:
 *                    a push-mode backup job) or {@code paused} (its CPUs were paused for the copy:
 *                    a hypervisor without backup jobs, or a VM already paused)
 * @param created     when it was completed, ISO-8601 UTC
 */
public record BackupImage(String name, String format, long sizeBytes, String sha256, long virtualSize,
        String sourceVm, String consistency, String created) {

    public BackupImage {
        ImageStore.checkName(name);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(sha256, "sha256");
    }
}
