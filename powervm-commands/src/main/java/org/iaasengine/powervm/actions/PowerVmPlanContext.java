package org.iaasengine.powervm.actions;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.storage.DiskDriver;

/**
 * What the PowerVM plan factories resolve a request's names against: the hosts by model name, and
 * the disk driver of each host (for spawn, destroy and the image cache cleanup).
 *
 * <pre>{@code
 * PowerVmPlanContext ctx = PowerVmPlanContext.of(hostA, hostB).withDisks("sys-a", new SspDiskDriver(client, ssp, vios));
 * Action<?> plan = PowerVmRegistry.registry().plan(ctx, json);
 * }</pre>
 *
 * @param hosts the hosts by model name
 * @param disks the disk driver of each host, by host model name (may lack hosts that need none)
 */
public record PowerVmPlanContext(Map<String, PowerVmHost> hosts, Map<String, DiskDriver> disks) {

    public PowerVmPlanContext {
        hosts = Map.copyOf(Objects.requireNonNull(hosts, "hosts"));
        disks = Map.copyOf(Objects.requireNonNull(disks, "disks"));
    }

    /** A context of {@code hosts}, without disk drivers. */
    public static PowerVmPlanContext of(PowerVmHost... hosts) {
        return new PowerVmPlanContext(Arrays.stream(hosts)
                .collect(Collectors.toMap(PowerVmHost::name, Function.identity())), Map.of());
    }

    /** This context with {@code driver} as the disk driver of host {@code host}. */
    public PowerVmPlanContext withDisks(String host, DiskDriver driver) {
        Map<String, DiskDriver> all = new HashMap<>(disks);
        all.put(Objects.requireNonNull(host, "host"), Objects.requireNonNull(driver, "driver"));
        return new PowerVmPlanContext(hosts, all);
    }

    /**
     * The host named {@code name}.
     *
     * @throws CommandException NOT_FOUND naming the host and the known ones
     */
    public PowerVmHost host(String name) {
        PowerVmHost h = name == null ? null : hosts.get(name);
        if (h == null) {
            throw CommandException.notFound("no PowerVM host named '" + name + "' here (known: "
                    + String.join(", ", new TreeSet<>(hosts.keySet())) + ")");
        }
        return h;
    }

    /**
     * The disk driver of host {@code name}.
     *
     * @throws CommandException NOT_FOUND naming the host
     */
    public DiskDriver disks(String name) {
        DiskDriver d = name == null ? null : disks.get(name);
        if (d == null) {
            throw CommandException.notFound("no disk driver for PowerVM host '" + name + "' here (known: "
                    + String.join(", ", new TreeSet<>(disks.keySet())) + ")");
        }
        return d;
    }
}
