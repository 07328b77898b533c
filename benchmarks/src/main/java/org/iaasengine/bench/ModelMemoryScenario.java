package org.iaasengine.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.List;
import java.util.UUID;
import org.iaasengine.model.Host;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * Scenario 6a: heap used by a resource model of 10,000 VMs (each with a UUID, host, state, vCPUs,
 * memory, one MAC, an IP and a definition reference), plus one snapshot of it, measured as the
 * difference of used heap after full GCs.
 */
public final class ModelMemoryScenario {
    private ModelMemoryScenario() {
    }

    public static List<Row> run(BenchContext ctx, int vms) {
        Samples model = new Samples("MiB");
        Samples perVm = new Samples("B/VM");
        for (int i = 0; i < Math.max(3, ctx.reps()); i++) {
            long before = usedAfterGc();
            ResourceModel m = build(vms);
            m.snapshot();
            long after = usedAfterGc();
            Reference.reachabilityFence(m);
            model.add((after - before) / (1024.0 * 1024.0));
            perVm.add((double) (after - before) / vms);
        }
        return List.of(Row.info("6a heap of a model of " + vms + " VMs (+ its snapshot)", "ResourceModel", model,
                null, null, Samples.num(perVm.median()) + " bytes per VM"));
    }

    static ResourceModel build(int vms) {
        ResourceModel m = new ResourceModel();
        m.update(mut -> {
            for (int h = 0; h < 10; h++) {
                mut.putHost(Host.of("host-" + h, "qemu+ssh://host-" + h + "/system"));
            }
            for (int i = 0; i < vms; i++) {
                String name = "vm-" + i;
                mut.putVm(Vm.builder(name).uuid(UUID.randomUUID().toString()).host("host-" + (i % 10))
                        .state(i % 3 == 0 ? VmState.SHUTOFF : VmState.RUNNING).vcpus(2).memoryKiB(2L << 20)
                        .macs(List.of(String.format("52:54:00:%02x:%02x:%02x", i >> 16 & 255, i >> 8 & 255, i & 255)))
                        .ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255))
                        .definitionRef("/var/lib/iaas-engine/definitions/" + name + ".xml")
                        .build());
            }
        });
        return m;
    }

    private static long usedAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long used = mx.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - last) < 64 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
