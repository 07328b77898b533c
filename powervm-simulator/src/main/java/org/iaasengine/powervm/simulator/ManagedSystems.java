package org.iaasengine.powervm.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.ManagedSystem;
import org.iaasengine.powervm.xml.uom.Metadata;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;

/**
 * The managed systems ({@code ManagedSystem}, {@code ManagedSystem/<uuid>}): their fixed
 * capabilities and capacity, and the available memory and processor units, computed at each read
 * from the LPARs that run and the VIOSes on the system.
 *
 * <pre>{@code
 * String a = systems.add("sim-a");
 * SimResponse r = systems.entry(a);
 * }</pre>
 */
final class ManagedSystems {
    private final SimState state;
    private final AtomAnswers answers;
    private final Lpars lpars;
    private final Vioses vioses;
    private final Map<String, ManagedSystem> systems = new LinkedHashMap<>();

    ManagedSystems(SimState state, AtomAnswers answers, Lpars lpars, Vioses vioses) {
        this.state = state;
        this.answers = answers;
        this.lpars = lpars;
        this.vioses = vioses;
    }

    /** Adds a managed system (the seed); returns its UUID. */
    String add(String name) {
        ManagedSystem ms = new ManagedSystem();
        String id = state.newUuid();
        ms.metadata = Metadata.of(id, 0);
        ms.capabilities = new ManagedSystem.Capabilities();
        ms.capabilities.activeLpmCapable = true;
        ms.capabilities.inactiveLpmCapable = true;
        ms.capabilities.virtualFiberChannelCapable = true;
        ms.memory = new ManagedSystem.Memory();
        ms.memory.configurableSystemMemory = 131072L;
        ms.memory.installedSystemMemory = 131072L;
        ms.memory.memoryUsedByHypervisor = 4864L;
        ms.processor = new ManagedSystem.Processor();
        ms.processor.configurableSystemProcessorUnits = 10.0;
        ms.processor.installedSystemProcessorUnits = 10.0;
        ms.mtms = new ManagedSystem.Mtms();
        ms.mtms.machineType = "8247";
        ms.mtms.model = "21L";
        ms.mtms.serialNumber = "SIM" + (systems.size() + 1);
        ms.maximumPartitions = 200;
        ms.primaryIpAddress = "127.0.0." + (systems.size() + 2);
        ms.state = "operating";
        ms.systemName = name;
        systems.put(id, ms);
        state.track(id);
        return id;
    }

    /** The system with this UUID; 404 if there is none. */
    ManagedSystem require(String uuid) {
        return SimError.found(systems.get(uuid), "ManagedSystem", uuid);
    }

    /** The system named {@code name}, if any. */
    Optional<ManagedSystem> byName(String name) {
        return systems.values().stream().filter(s -> s.systemName.equals(name)).findFirst();
    }

    /** The UUID of the system named {@code name}. */
    String uuidOf(String name) {
        return systems.values().stream().filter(s -> name.equals(s.systemName)).findFirst()
                .map(ManagedSystem::uuid).orElseThrow(() -> new IllegalArgumentException("no system " + name));
    }

    /** The name of the system with this UUID. */
    String nameOf(String uuid) {
        return systems.get(uuid).systemName;
    }

    /** {@code GET ManagedSystem}. */
    SimResponse feed() {
        return answers.feed(state.href("ManagedSystem"), systems.values().stream()
                .map(m -> answers.feedEntry("ManagedSystem", m.uuid(), state.href("ManagedSystem", m.uuid()),
                        render(m))).toList());
    }

    /** {@code GET ManagedSystem/<uuid>}. */
    SimResponse entry(String uuid) {
        ManagedSystem ms = require(uuid);
        return answers.entry("ManagedSystem", ms.uuid(), state.href("ManagedSystem", ms.uuid()), render(ms), false);
    }

    private ManagedSystem render(ManagedSystem ms) {
        long usedMem = 0;
        double usedProc = 0;
        for (LogicalPartition l : lpars.all()) {
            if (ms.uuid().equals(lpars.systemOf(l.uuid())) && !SimState.NOT_ACTIVATED.equals(l.partitionState)) {
                usedMem += l.desiredMemoryMb();
                usedProc += l.processorConfiguration.shared == null ? 0
                        : l.processorConfiguration.shared.desiredProcessingUnits;
            }
        }
        for (VirtualIOServer v : vioses.all()) {
            if (ms.uuid().equals(vioses.systemOf(v.uuid()))) {
                usedMem += v.desiredMemoryMb();
                usedProc += 1.0;
            }
        }
        ms.memory.currentAvailableSystemMemory = ms.memory.configurableSystemMemory - ms.memory.memoryUsedByHypervisor
                - usedMem;
        ms.processor.currentAvailableSystemProcessorUnits = Math.round(
                (ms.processor.configurableSystemProcessorUnits - usedProc) * 100) / 100.0;
        return ms;
    }
}
