package org.iaasengine.powervm.storage;

import java.util.List;
import org.iaasengine.core.Command;
import org.iaasengine.core.Key;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.ScsiMappingRef;

/**
 * Where a VM's boot disk lives, as nova-powervm's disk drivers: the commands to cache an image, make
 * a VM disk from it, delete a VM's disks and clean the cache. Image cache entries outlive spawns
 * (they are shared) and are removed only by {@link #cleanImageCache()}.
 *
 * <pre>{@code
 * Key<DiskRef> IMAGE = Key.of("image", DiskRef.class);
 * builder.step(IMAGE, driver.cacheImage(image))
 *        .step(DISK, driver.createDiskFromImage("web1", 20, IMAGE));
 * }</pre>
 */
public interface DiskDriver {
    /** A short name for logs ("localdisk", "ssp"). */
    String name();

    /** The VIOS that maps this driver's disks to LPARs. */
    String viosUuid();

    /** True when the disks are reachable from other hosts, so an LPAR using them can migrate live. */
    boolean supportsLiveMigration();

    /** Finds or creates the cached copy of {@code image}; never reverted (the cache is shared). */
    Command<DiskRef> cacheImage(ImageRef image);

    /** Creates the boot disk of {@code vmName} from the cached image under {@code image}; reverted by deleting it. */
    Command<DiskRef> createDiskFromImage(String vmName, int sizeGb, Key<DiskRef> image);

    /** Deletes the disks of this driver among those unmapped from a VM; returns their names. */
    Command<List<String>> deleteDisks(Input<List<ScsiMappingRef>> unmapped);

    /** Deletes cached images no VM disk was made from and no mapping serves; returns their names. */
    Command<List<String>> cleanImageCache();

    /**
     * Grows the boot disk of {@code vmName} to {@code sizeGb} (nova-powervm's extend_disk): not
     * reverted, a disk cannot shrink; a disk at that size already is left as it is (a retry after a
     * lost answer), a larger one is INVALID_INPUT. By default the driver cannot extend disks
     * (INVALID_INPUT naming it).
     */
    default Command<DiskRef> extendDisk(String vmName, int sizeGb) {
        throw new org.iaasengine.core.InvalidInputException("the " + name() + " disk driver cannot extend disks");
    }

    /** The boot disk name of a VM under this driver. */
    String diskName(String vmName);

    /**
     * The rescue disk of VM {@code vmName} under this driver, by name (its UDID unknown): what a
     * rescue maps as the disk the LPAR boots from, beside the VM's own disk.
     */
    default DiskRef rescueDisk(String vmName) {
        throw new UnsupportedOperationException(name() + " has no rescue disks");
    }

    /** Creates the rescue disk of {@code vmName} from the cached image under {@code image}; reverted by deleting it. */
    default Command<DiskRef> createRescueDisk(String vmName, int sizeGb, Key<DiskRef> image) {
        throw new UnsupportedOperationException(name() + " has no rescue disks");
    }
}
