package org.iaasengine.libvirt.actions;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iaasengine.core.CommandException;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.sync.HostMonitor;

/**
 * What the libvirt plan factories resolve a request's names against: the actions (model and
 * settings), the hosts by model name, and the host monitors by host name (for {@code init-model}).
 *
 * <pre>{@code
 * LibvirtPlanContext ctx = LibvirtPlanContext.of(actions, hostA, hostB);
 * Action<?> plan = LibvirtRegistry.registry().plan(ctx, json);
 * }</pre>
 *
 * @param actions  the actions: the resource model and the settings
 * @param hosts    the hosts by model name
 * @param monitors the host monitors by host name (may be empty)
 */
public record LibvirtPlanContext(LibvirtActions actions, Map<String, LibvirtHost> hosts,
        Map<String, HostMonitor> monitors) {

    public LibvirtPlanContext {
        Objects.requireNonNull(actions, "actions");
        hosts = Map.copyOf(hosts);
        monitors = Map.copyOf(monitors);
    }

    /** A context of {@code hosts}, without monitors. */
    public static LibvirtPlanContext of(LibvirtActions actions, LibvirtHost... hosts) {
        return new LibvirtPlanContext(actions, Arrays.stream(hosts)
                .collect(Collectors.toMap(LibvirtHost::name, Function.identity())), Map.of());
    }

    /** This context with {@code monitor} for its host. */
    public LibvirtPlanContext withMonitor(HostMonitor monitor) {
        Map<String, HostMonitor> all = new java.util.HashMap<>(monitors);
        all.put(monitor.host().name(), monitor);
        return new LibvirtPlanContext(actions, hosts, all);
    }

    /**
     * The host named {@code name}.
     *
     * @throws CommandException NOT_FOUND naming the host and the known ones
     */
    public LibvirtHost host(String name) {
        LibvirtHost h = name == null ? null : hosts.get(name);
        if (h == null) {
            throw CommandException.notFound("no libvirt host named '" + name + "' here (known: "
                    + String.join(", ", new TreeSet<>(hosts.keySet())) + ")");
        }
        return h;
    }

    /**
     * The monitor of host {@code name}.
     *
     * @throws CommandException NOT_FOUND naming the host
     */
    public HostMonitor monitor(String name) {
        HostMonitor m = name == null ? null : monitors.get(name);
        if (m == null) {
            throw CommandException.notFound("no host monitor for libvirt host '" + name + "' here (known: "
                    + String.join(", ", new TreeSet<>(monitors.keySet())) + ")");
        }
        return m;
    }
}
