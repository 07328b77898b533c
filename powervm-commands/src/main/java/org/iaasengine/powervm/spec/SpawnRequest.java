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
 *         .withExtraVlans(List.of(200, 300));   // three adapters: VLAN 100, 200, 300
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
 */
public record SpawnRequest(String host, String name, long memoryMb, double procUnits, int vcpus, int vlan,
        ImageRef image, int diskGb, List<Integer> extraVlans) implements ActionRequest {
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
        this(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, List.of());
    }

    /** A request for the host the plan is given. */
    public SpawnRequest(String name, long memoryMb, double procUnits, int vcpus, int vlan, ImageRef image, int diskGb) {
        this(null, name, memoryMb, procUnits, vcpus, vlan, image, diskGb);
    }

    /** This request on host {@code hostName}. */
    public SpawnRequest onHost(String hostName) {
        return new SpawnRequest(hostName, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, extraVlans);
    }

    /** This request with further network adapters on {@code vlans}. */
    public SpawnRequest withExtraVlans(List<Integer> vlans) {
        return new SpawnRequest(host, name, memoryMb, procUnits, vcpus, vlan, image, diskGb, vlans);
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
