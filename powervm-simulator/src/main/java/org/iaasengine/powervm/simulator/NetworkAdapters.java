package org.iaasengine.powervm.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.uom.ClientNetworkAdapter;
import org.iaasengine.powervm.xml.uom.Link;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.Metadata;

/**
 * The client network adapters of the LPARs ({@code LogicalPartition/<uuid>/ClientNetworkAdapter}):
 * create (PUT, with a valid PVID; the simulator assigns slot, location code and MAC unless the
 * payload gives a MAC, which must not be in use already), read, list, delete. Each write changes the LPAR's etag too.
 *
 * <pre>{@code
 * SimResponse r = adapters.handle("PUT", lpar, null, body);
 * }</pre>
 */
final class NetworkAdapters {
    private final SimState state;
    private final AtomAnswers answers;
    private final EventFeed events;
    private final Map<String, ClientNetworkAdapter> cnas = new LinkedHashMap<>();
    private final Map<String, String> cnaLpar = new HashMap<>();

    NetworkAdapters(SimState state, AtomAnswers answers, EventFeed events) {
        this.state = state;
        this.answers = answers;
        this.events = events;
    }

    /** Each adapter with the UUID of its LPAR, in creation order. */
    void forEach(BiConsumer<String, ClientNetworkAdapter> lparAndAdapter) {
        cnas.forEach((id, a) -> lparAndAdapter.accept(cnaLpar.get(id), a));
    }

    /** The links to the adapters of an LPAR. */
    List<Link> linksOf(String lpar) {
        List<Link> links = new ArrayList<>();
        cnaLpar.forEach((cna, owner) -> {
            if (owner.equals(lpar)) {
                links.add(new Link(state.href("LogicalPartition", owner, "ClientNetworkAdapter", cna)));
            }
        });
        return links;
    }

    /** Removes every adapter of a deleted LPAR (no event of their own, as on the HMC). */
    void removeAllOf(String lpar) {
        cnaLpar.entrySet().removeIf(e -> {
            if (e.getValue().equals(lpar)) {
                cnas.remove(e.getKey());
                return true;
            }
            return false;
        });
    }

    /** {@code ClientNetworkAdapter[/<id>]} under the LPAR {@code l}. */
    SimResponse handle(String method, LogicalPartition l, String id, byte[] body) {
        if (id == null) {
            if (method.equals("PUT")) {
                return create(l, PowerVmXml.unmarshal(body, ClientNetworkAdapter.class));
            }
            return answers.feed(state.href("LogicalPartition", l.uuid(), "ClientNetworkAdapter"), cnaLpar.entrySet()
                    .stream().filter(e -> e.getValue().equals(l.uuid()))
                    .map(e -> answers.feedEntry("ClientNetworkAdapter", e.getKey(),
                            state.href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", e.getKey()),
                            cnas.get(e.getKey())))
                    .toList());
        }
        ClientNetworkAdapter a = cnaLpar.get(id) != null && cnaLpar.get(id).equals(l.uuid()) ? cnas.get(id) : null;
        SimError.found(a, "ClientNetworkAdapter", id);
        if (method.equals("DELETE")) {
            cnas.remove(id);
            cnaLpar.remove(id);
            state.touch(l.uuid());
            events.emit("DELETE_URI", state.href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", id));
            return SimResponse.noContent();
        }
        return answers.entry("ClientNetworkAdapter", id,
                state.href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", id), a, false);
    }

    private SimResponse create(LogicalPartition l, ClientNetworkAdapter a) {
        if (a.portVlanId == null || a.portVlanId < 1 || a.portVlanId > 4094) {
            throw SimError.badRequest("PortVLANID " + a.portVlanId + " is not valid");
        }
        if (a.macAddress != null && cnas.values().stream().anyMatch(c -> a.macAddress.equalsIgnoreCase(c.macAddress))) {
            throw SimError.badRequest("MAC address " + a.macAddress + " is in use by another adapter");
        }
        String cid = state.newUuid();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        cnaLpar.forEach((c, owner) -> {
            if (owner.equals(l.uuid())) {
                used.add(cnas.get(c).virtualSlotNumber);
            }
        });
        int slot = 2;
        while (used.contains(slot)) {
            slot++; // the lowest free slot, as an unplug frees one
        }
        a.metadata = Metadata.of(cid, state.tick());
        a.localPartitionId = l.partitionId;
        a.virtualSlotNumber = slot;
        a.useNextAvailableSlotId = null;
        a.variedOn = true;
        a.locationCode = "U8247.21L.SIM-V" + l.partitionId + "-C" + slot;
        a.macAddress = a.macAddress != null ? a.macAddress : String.format("FAD4433E%04X", state.lastId() & 0xFFFF);
        a.virtualSwitchId = 0;
        cnas.put(cid, a);
        cnaLpar.put(cid, l.uuid());
        state.track(cid);
        state.touch(l.uuid());
        events.emit("ADD_URI", state.href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", cid));
        return answers.entry("ClientNetworkAdapter", cid,
                state.href("LogicalPartition", l.uuid(), "ClientNetworkAdapter", cid), a, false);
    }
}
