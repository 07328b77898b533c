package org.iaasengine.libvirt.images;

import java.util.Objects;
import org.iaasengine.libvirt.spec.DiskImage;

/**
 * What a backup reads, and how it holds still ({@code commands.OpenBackupSource}).
 *
 * @param disk        the file to copy: the VM's own disk, or the point-in-time copy QEMU made
 * @param consistency how the file holds still
 * @param resume      true if the backup paused the VM and must resume it
 */
public record BackupSource(DiskImage disk, Consistency consistency, boolean resume) {
    public BackupSource {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(consistency, "consistency");
    }

    /** How a backup's source holds still, as the image's sidecar names it. */
    public enum Consistency {
        /** The VM is shut off: its disk is read as it is. */
        STOPPED("stopped"),
        /** The VM runs on: QEMU copied its disk as it was at one instant (a push-mode backup job). */
        POINT_IN_TIME("point-in-time"),
        /** The VM's CPUs are paused: QEMU holds the disk open and writes nothing (read with {@code -U}). */
        PAUSED("paused");

        private final String word;

        Consistency(String word) {
            this.word = word;
        }

        /** The sidecar's word for it. */
        public String word() {
            return word;
        }
    }
}
