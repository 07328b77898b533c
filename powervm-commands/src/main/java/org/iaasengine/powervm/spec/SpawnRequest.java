package org.iaasengine.powervm.spec;

import java.util.Objects;
import org.iaasengine.core.CommandException;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.request.ActionRequest;

/**
 * The request of the {@code powervm.spawn} action: what to spawn (the LPAR's shape, its VLAN, its
 * image and boot disk size) and on which host. Checked on construction (names, sizes), so a bad
 * request fails before any request reaches the server. A caller may leave the host out (the
 * seven-value constructor): the plan records the request with the host it was given.
 *
 * <pre>{@code
 * SpawnRequest req = new SpawnRequest("web1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20);
 * engine.run(SpawnAction.plan(host, disks, req));   // records req.onHost("sys-a")
 * }</pre>
 *
 * @param host      the host's model name, or null for the host the plan is given
 * @param name      LPAR name
 * @param memoryMb  memory in MB
 * @param procUnits processing units
 * @param vcpus     virtual processors
 * @param vlan      the VLAN of its network adapter
 * @param image     the image to boot
 * @param diskGb    boot disk size in GB (at least the image size)
 * @param configDrive the configuration drive to map before power-on, or null for none
 */
public record SpawnRequest(String host, String name, long memoryMb, double procUnits, int vcpus, int vlan,
        ImageRef image, int diskGb, ConfigDrive configDrive) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.spawn";

    public SpawnRequest {
        if (host != null) {
            Validate.hostName(host);
        }
        LparSpec.of(name, memoryMb, procUnits, vcpus);
        Validate.vlan(vlan);
        Objects.requireNonNull(image, "image");
        Validate.diskGb(diskGb);
        if (diskGb < image.sizeGb()) {
            throw CommandException.invalid("boot disk of " + diskGb + " GB is smaller than image " + image.name()
                    + " (" + image.sizeGb() + " GB)");
        }
    }

    /** A request without a configuration drive. */
    public SpawnRequest(String host, String name, long memoryMb, double procUnits, int vcpus, int vlan,
            ImageRef image, int diskGb) {
        this(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, null);
    }

    /** A request for the host the plan is given. */
    public SpawnRequest(String name, long memoryMb, double procUnits, int vcpus, int vlan, ImageRef image, int diskGb) {
        this(null, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, null);
    }

    /** This request on host {@code hostName}. */
    public SpawnRequest onHost(String hostName) {
        return new SpawnRequest(hostName, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, configDrive);
    }

    /** This request with {@code drive} as its configuration drive (null: none). */
    public SpawnRequest withConfigDrive(ConfigDrive drive) {
        return new SpawnRequest(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, drive);
    }

    /** The LPAR's shape. */
    public LparSpec spec() {
        return LparSpec.of(name, memoryMb, procUnits, vcpus);
    }

    @Override
    public String action() {
        return ACTION;
    }

    @Override
    public ResourceKey resource() {
        return ResourceKey.vm(name);
    }
}
