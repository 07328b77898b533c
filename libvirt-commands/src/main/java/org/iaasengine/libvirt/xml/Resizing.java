package org.iaasengine.libvirt.xml;

import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;
import org.iaasengine.core.InvalidInputException;

/**
 * How {@link DomainXml#setMemoryKiB} and {@link DomainXml#setVcpus} make what libvirt derives from
 * the memory and the vCPU count agree with the new value (NUMA cells, topology, pins, vCPU states),
 * or refuse before changing anything.
 */
final class Resizing {
    private Resizing() {
    }

    /** See {@link DomainXml#setMemoryKiB}. */
    static void memoryKiB(DomainXml d, long kib) {
        Checks.memoryKiB(kib);
        MemoryAmount max = d.get(DomainXml.MAX_MEMORY);
        InvalidInputException.check(max == null || kib <= max.kib(),
                "memory %s KiB is above the domain's <maxMemory> of %s KiB", kib, max == null ? 0 : max.kib());
        List<NumaCell> cells = d.numaCells();
        if (cells.size() > 1) {
            long sum = cells.stream().mapToLong(NumaCell::memoryKiB).sum();
            InvalidInputException.check(sum == kib, "cannot set memory to %s KiB: the guest has %s NUMA cells whose memory "
                    + "libvirt adds up to %s KiB (%s); change the cells instead", kib, cells.size(), sum,
                    cells.stream().map(NumaCell::describe).collect(Collectors.joining(", ")));
        } else if (cells.size() == 1) {
            cells.get(0).setMemoryKiB(kib);
        }
        MemoryAmount memory = d.get(DomainXml.MEMORY);
        if (memory == null) {
            d.set(DomainXml.MEMORY, MemoryAmount.ofKiB(kib));
        } else {
            memory.setKiB(kib);
        }
        MemoryAmount current = d.get(DomainXml.CURRENT_MEMORY);
        if (current != null) {
            current.setKiB(kib);
        }
    }

    /** See {@link DomainXml#setVcpus}. */
    static void vcpus(DomainXml d, int n) {
        Checks.vcpus(n);
        Cpu cpu = d.get(DomainXml.CPU);
        Topology topology = cpu == null ? null : cpu.topology();
        if (topology != null) {
            long perSocket = topology.perSocket();
            InvalidInputException.check(n % perSocket == 0, "cannot set %s vCPUs: the CPU topology %s needs a multiple of "
                    + "dies*clusters*cores*threads = %s", n, topology.describe(), perSocket);
        }
        List<NumaCell> cells = d.numaCells();
        if (cells.size() > 1) {
            int total = 0;
            int highest = -1;
            for (NumaCell c : cells) {
                if (c.cpus != null) {
                    BitSet ids = CpuSet.parse("NUMA " + c.describe() + " cpus", c.cpus);
                    total += ids.cardinality();
                    highest = Math.max(highest, ids.length() - 1);
                }
            }
            InvalidInputException.check(total == n && highest < n, "cannot set %s vCPUs: the guest has %s NUMA cells holding %s "
                    + "vCPUs (%s); change the cells' cpus instead", n, cells.size(), total,
                    cells.stream().map(NumaCell::describe).collect(Collectors.joining(", ")));
        }
        Cputune tune = d.get(DomainXml.CPUTUNE);
        if (tune != null) {
            tune.vcpuSetNamingAtLeast(n).ifPresent(e -> {
                throw new InvalidInputException("cannot set " + n + " vCPUs: <cputune><" + e.getLocalName()
                        + " vcpus='" + e.getAttribute("vcpus") + "'> names a vCPU that would no longer exist");
            });
        }
        // Checked: now change.
        if (topology != null) {
            topology.sockets = Long.toString(n / topology.perSocket());
        }
        if (cells.size() == 1 && cells.get(0).cpus != null) {
            cells.get(0).cpus = CpuSet.firstN(n);
        }
        if (tune != null) {
            tune.pins().stream().filter(p -> pinnedVcpu(p) >= n).toList().forEach(tune::removeValue);
        }
        Vcpu vcpu = d.get(DomainXml.VCPU);
        int before = d.vcpus();
        if (vcpu == null) {
            vcpu = new Vcpu(n);
            d.set(DomainXml.VCPU, vcpu);
        } else {
            vcpu.setCount(n);
        }
        Vcpus states = d.get(DomainXml.VCPUS);
        if (states != null) {
            states.states().stream().filter(v -> v.idNumber() >= n).toList().forEach(states::removeValue);
            for (int id = before; id < n; id++) {
                VcpuState added = new VcpuState();
                added.id = Integer.toString(id);
                added.enabled = "no";
                added.hotpluggable = "yes";
                states.add(Vcpus.VCPU, added);
            }
            vcpu.setCurrent((int) states.states().stream().filter(v -> "yes".equals(v.enabled)).count());
        }
    }

    private static int pinnedVcpu(Vcpupin pin) {
        try {
            return Integer.parseInt(pin.vcpu == null ? "" : pin.vcpu.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("<cputune><vcpupin vcpu> is not a number: '" + pin.vcpu + "'", e);
        }
    }
}
