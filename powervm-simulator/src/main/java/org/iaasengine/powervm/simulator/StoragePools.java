package org.iaasengine.powervm.simulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.Metadata;
import org.iaasengine.powervm.xml.uom.SharedStoragePool;

/**
 * The shared storage pools and their logical units ({@code SharedStoragePool[/<uuid>]}): a POST
 * replaces the unit list, so it creates units (a fresh UDID, optionally cloned from a unit of the
 * pool) and removes them, refusing a duplicate name and the removal of a mapped unit.
 *
 * <pre>{@code
 * String ssp = pools.add("ssp1");
 * LogicalUnit ref = pools.claim(udid, "boot_web1");   // marks it in use, returns a reference copy
 * }</pre>
 */
final class StoragePools {
    private final SimState state;
    private final AtomAnswers answers;
    private final EventFeed events;
    private final Vioses vioses;
    private final Map<String, SharedStoragePool> ssps = new LinkedHashMap<>();

    private DiskContents contents = new DiskContents();

    StoragePools(SimState state, AtomAnswers answers, EventFeed events, Vioses vioses) {
        this.state = state;
        this.answers = answers;
        this.events = events;
        this.vioses = vioses;
    }

    /** The bytes on the units: a unit cloned from another gets its bytes. */
    StoragePools withContents(DiskContents diskContents) {
        this.contents = diskContents;
        return this;
    }

    /** The logical unit with UDID {@code udid} in any pool, or null. */
    LogicalUnit unitByUdid(String udid) {
        return ssps.values().stream().flatMap(p -> p.logicalUnits.units.stream())
                .filter(u -> udid != null && udid.equals(u.uniqueDeviceId)).findFirst().orElse(null);
    }

    /** The logical unit named {@code name} in any pool, or null. */
    LogicalUnit unitNamed(String name) {
        return ssps.values().stream().flatMap(p -> p.logicalUnits.units.stream())
                .filter(u -> name.equals(u.unitName)).findFirst().orElse(null);
    }

    /** Adds an empty 1000 GB pool (the seed); returns its UUID. */
    String add(String name) {
        SharedStoragePool ssp = new SharedStoragePool();
        String sspId = state.newUuid();
        ssp.metadata = Metadata.of(sspId, state.now());
        ssp.storagePoolName = name;
        ssp.capacity = 1000.0;
        ssp.freeSpace = 1000.0;
        ssp.uniqueDeviceId = "24" + sspId.replace("-", "").toLowerCase();
        ssps.put(sspId, ssp);
        state.track(sspId);
        return sspId;
    }

    /** The UUID of the pool {@code name}. */
    String uuidOf(String name) {
        return ssps.entrySet().stream().filter(e -> name.equals(e.getValue().storagePoolName))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new IllegalArgumentException("no ssp " + name));
    }

    /** The names of the logical units of every pool. */
    List<String> unitNames() {
        List<String> lus = new ArrayList<>();
        ssps.values().forEach(s -> s.logicalUnits.units.forEach(u -> lus.add(u.unitName)));
        return lus;
    }

    /**
     * Marks the unit with this UDID (or else this name) in use by a mapping and returns a reference
     * copy of it; 400 if no pool has it.
     */
    LogicalUnit claim(String udid, String name) {
        LogicalUnit lu = ssps.values().stream().flatMap(p -> p.logicalUnits.units.stream())
                .filter(u -> Objects.equals(u.uniqueDeviceId, udid) || u.unitName.equals(name)).findFirst()
                .orElseThrow(() -> SimError.badRequest("no logical unit " + name));
        lu.inUse = true;
        LogicalUnit ref = LogicalUnit.of(lu.unitName, lu.unitCapacity, lu.logicalUnitType, null);
        ref.uniqueDeviceId = lu.uniqueDeviceId;
        return ref;
    }

    /** {@code SharedStoragePool[/<id>]}. */
    SimResponse handle(String method, String id, byte[] body, String ifMatch, boolean conflict) {
        if (id == null) {
            return answers.feed(state.href("SharedStoragePool"), ssps.entrySet().stream()
                    .map(e -> answers.feedEntry("SharedStoragePool", e.getKey(), state.href("SharedStoragePool",
                            e.getKey()), e.getValue())).toList());
        }
        SharedStoragePool p = SimError.found(ssps.get(id), "SharedStoragePool", id);
        if (method.equals("POST")) {
            state.checkEtag(id, ifMatch, conflict);
            update(p, PowerVmXml.unmarshal(body, SharedStoragePool.class));
            state.touch(id);
            events.emit("MODIFY_URI", state.href("SharedStoragePool", id));
        }
        return answers.entry("SharedStoragePool", id, state.href("SharedStoragePool", id), p, false);
    }

    private void update(SharedStoragePool p, SharedStoragePool sent) {
        Set<String> keep = new HashSet<>();
        double used = 0;
        for (LogicalUnit u : sent.logicalUnits.units) {
            if (u.unitName == null || u.unitCapacity == null || u.unitCapacity <= 0) {
                throw SimError.badRequest("logical unit needs a name and a positive capacity");
            }
            if (!keep.add(u.unitName)) {
                throw SimError.conflict("two logical units named " + u.unitName);
            }
            if (u.uniqueDeviceId == null) {
                if (u.clonedFrom != null && p.logicalUnits.units.stream()
                        .noneMatch(x -> u.clonedFrom.equals(x.uniqueDeviceId))) {
                    throw SimError.badRequest("clone source " + u.clonedFrom + " is not in the pool");
                }
                u.uniqueDeviceId = "27" + Integer.toHexString(state.nextId()) + p.uniqueDeviceId;
                u.inUse = false;
                if (u.clonedFrom != null) {
                    contents.copy(u.clonedFrom, u.uniqueDeviceId);
                }
            }
            used += u.unitCapacity;
        }
        for (LogicalUnit u : p.logicalUnits.units) {
            if (!keep.contains(u.unitName) && vioses.mapped(u.unitName)) {
                throw SimError.conflict("logical unit " + u.unitName + " is mapped; unmap it first");
            }
        }
        Set<String> kept = new HashSet<>();
        sent.logicalUnits.units.forEach(u -> kept.add(u.uniqueDeviceId));
        p.logicalUnits.units.stream().filter(u -> !kept.contains(u.uniqueDeviceId))
                .forEach(u -> contents.remove(u.uniqueDeviceId));
        p.logicalUnits.units = new ArrayList<>(sent.logicalUnits.units);
        p.freeSpace = p.capacity - used;
    }
}
