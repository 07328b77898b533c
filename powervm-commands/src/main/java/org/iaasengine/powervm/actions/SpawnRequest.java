package org.iaasengine.powervm.actions;

import java.util.Objects;
import org.iaasengine.powervm.commands.LparSpec;
import org.iaasengine.powervm.commands.Validate;
import org.iaasengine.powervm.storage.ImageRef;

/**
 * What to spawn: the LPAR's shape, its VLAN, its image and boot disk size. Checked on construction
 * (names, sizes), so a bad request fails before any request reaches the server.
 *
 * <pre>{@code
 * SpawnRequest req = new SpawnRequest("web1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20);
 * }</pre>
 *
 * @param name      LPAR name
 * @param memoryMb  memory in MB
 * @param procUnits processing units
 * @param vcpus     virtual processors
 * @param vlan      the VLAN of its network adapter
 * @param image     the image to boot
 * @param diskGb    boot disk size in GB (at least the image size)
 */
public record SpawnRequest(String name, long memoryMb, double procUnits, int vcpus, int vlan, ImageRef image,
        int diskGb) {
    public SpawnRequest {
        LparSpec.of(name, memoryMb, procUnits, vcpus);
        Validate.vlan(vlan);
        Objects.requireNonNull(image, "image");
        Validate.diskGb(diskGb);
        if (diskGb < image.sizeGb()) {
            throw org.iaasengine.core.CommandException.invalid("boot disk of " + diskGb + " GB is smaller than image "
                    + image.name() + " (" + image.sizeGb() + " GB)");
        }
    }

    /** The LPAR's shape. */
    public LparSpec spec() {
        return LparSpec.of(name, memoryMb, procUnits, vcpus);
    }
}
