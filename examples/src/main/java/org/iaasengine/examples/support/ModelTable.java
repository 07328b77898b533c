package org.iaasengine.examples.support;

import java.util.Collection;
import java.util.Comparator;
import org.iaasengine.model.Host;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.Vm;

/**
 * Renders the resource model as tables for people: one row per VM, one per host.
 *
 * <pre>{@code
 * System.out.print(ModelTable.render(model.snapshot()));
 * }</pre>
 */
public final class ModelTable {
    private ModelTable() {
    }

    /** The VM table, then the host table when the model has hosts. */
    public static String render(ModelSnapshot snapshot) {
        StringBuilder sb = new StringBuilder();
        sb.append("model version ").append(snapshot.version()).append('\n');
        sb.append(vms(snapshot.vms().values()));
        if (!snapshot.hosts().isEmpty()) {
            sb.append(hosts(snapshot.hosts().values()));
        }
        return sb.toString();
    }

    /** A table of VMs, sorted by name. */
    public static String vms(Collection<Vm> vms) {
        Table t = new Table("VM", "HOST", "STATE", "VCPUS", "MEMORY", "MAC", "IP", "OWNER");
        vms.stream().sorted(Comparator.comparing(Vm::name)).forEach(vm -> t.row(vm.name(), vm.host(), vm.state(),
                vm.vcpus(), mib(vm.memoryKiB()), String.join(",", vm.macs()), vm.ip(), vm.owner()));
        return t.isEmpty() ? "(no VMs)\n" : t.render();
    }

    /** A table of hosts, sorted by name. */
    public static String hosts(Collection<Host> hosts) {
        Table t = new Table("HOST", "URI", "STATE", "CPU", "CPUS", "MHZ", "MEMORY", "FREE");
        hosts.stream().sorted(Comparator.comparing(Host::name)).forEach(h -> t.row(h.name(), h.uri(), h.state(),
                h.cpuModel(), h.cpus(), h.mhz(), mib(h.memoryKiB()), mib(h.freeMemoryKiB())));
        return t.render();
    }

    /** KiB as a short MiB or GiB figure. */
    public static String mib(long kib) {
        if (kib >= 1024L * 1024 * 10) {
            return (kib / (1024 * 1024)) + " GiB";
        }
        return (kib / 1024) + " MiB";
    }
}
