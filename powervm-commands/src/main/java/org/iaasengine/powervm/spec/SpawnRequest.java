package org.iaasengine.powervm.spec;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * SpawnRequest req = new SpawnRequest("web1", 2048, 0.5, 1, 100, new ImageRef("rhel9", 10), 20)
 *         .withExtraVlans(List.of(200, 300))   // three adapters: VLAN 100, 200, 300
 *         .withVolumes(List.of(new SpawnVolume(Connector.NPIV, "fcs0")));
 * SpawnRequest bfv = SpawnRequest.bootFromVolume("db1", 4096, 1.0, 2, 100, new SpawnVolume(Connector.VSCSI, udid));
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
 * @param extraVlans the VLANs of further network adapters, one adapter each, plugged after the
 *                  first (none when empty or null; no VLAN twice, {@code vlan} included)
 * @param volumes   Fibre Channel volumes connected before power-on, in this order, each on every
 *                  VIOS that can serve it (none when empty or null; no volume twice)
 * @param bootFromVolume true to boot from the first of {@code volumes}: no image, no local boot
 *                  disk ({@code image} null, {@code diskGb} 0)
 * @param configDrive the configuration drive to map before power-on, or null for none
 */
public record SpawnRequest(String host, String name, long memoryMb, double procUnits, int vcpus, int vlan,
        ImageRef image, int diskGb, List<Integer> extraVlans, List<SpawnVolume> volumes, boolean bootFromVolume,
        ConfigDrive configDrive) implements ActionRequest {
    /** The action's name, {@value}. */
    public static final String ACTION = "powervm.spawn";

    public SpawnRequest {
        if (host != null) {
            Validate.hostName(host);
        }
        LparSpec.of(name, memoryMb, procUnits, vcpus);
        Validate.vlan(vlan);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        if (bootFromVolume) {
            if (volumes.isEmpty() || image != null || diskGb != 0) {
                throw CommandException.invalid("LPAR " + name + " boots from a volume: it needs a volume and takes "
                        + "no image and no boot disk (image " + image + ", diskGb " + diskGb + ", volumes "
                        + volumes.size() + ")");
            }
        } else {
            Objects.requireNonNull(image, "image");
            Validate.diskGb(diskGb);
            if (diskGb < image.sizeGb()) {
                throw CommandException.invalid("boot disk of " + diskGb + " GB is smaller than image " + image.name()
                        + " (" + image.sizeGb() + " GB)");
            }
        }
        if (new HashSet<>(volumes).size() != volumes.size()) {
            throw CommandException.invalid("a volume is given twice for LPAR " + name + ": " + volumes);
        }
        extraVlans = extraVlans == null ? List.of() : List.copyOf(extraVlans);
        Set<Integer> seen = new HashSet<>(Set.of(vlan));
        for (Integer v : extraVlans) {
            Validate.vlan(v);
            if (!seen.add(v)) {
                throw CommandException.invalid("VLAN " + v + " is given twice for LPAR " + name);
            }
        }
    }

    /** A request with one network adapter, on {@code vlan}. */
    public SpawnRequest(String host, String name, long memoryMb, double procUnits, int vcpus, int vlan,
            ImageRef image, int diskGb) {
        this(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, List.of(), List.of(), false, null);
    }

    /**
     * A request that boots from volume {@code boot} (connected first, then {@code more}): no image,
     * no local boot disk.
     */
    public static SpawnRequest bootFromVolume(String name, long memoryMb, double procUnits, int vcpus, int vlan,
            SpawnVolume boot, SpawnVolume... more) {
        List<SpawnVolume> all = new java.util.ArrayList<>(List.of(boot));
        all.addAll(List.of(more));
        return new SpawnRequest(null, name, memoryMb, procUnits, vcpus, vlan, null, 0, List.of(), all, true, null);
    }

    /** A request for the host the plan is given. */
    public SpawnRequest(String name, long memoryMb, double procUnits, int vcpus, int vlan, ImageRef image, int diskGb) {
        this(null, name, memoryMb, procUnits, vcpus, vlan, image, diskGb);
    }

    /** This request on host {@code hostName}. */
    public SpawnRequest onHost(String hostName) {
        return new SpawnRequest(hostName, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, extraVlans, volumes,
                bootFromVolume, configDrive);
    }

    /** This request with further network adapters on {@code vlans}. */
    public SpawnRequest withExtraVlans(List<Integer> vlans) {
        return new SpawnRequest(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, vlans, volumes,
                bootFromVolume, configDrive);
    }

    /** This request with {@code more} volumes connected before power-on (after the boot disk, if any). */
    public SpawnRequest withVolumes(List<SpawnVolume> more) {
        return new SpawnRequest(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, extraVlans, more,
                bootFromVolume, configDrive);
    }

    /** This request with {@code drive} as its configuration drive (null: none). */
    public SpawnRequest withConfigDrive(ConfigDrive drive) {
        return new SpawnRequest(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, extraVlans, volumes,
                bootFromVolume, drive);
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
