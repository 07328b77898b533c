package org.iaasengine.powervm.simulator;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.iaasengine.powervm.xml.PowerVmXml;
import org.iaasengine.powervm.xml.uom.Link;
import org.iaasengine.powervm.xml.uom.LinkList;
import org.iaasengine.powervm.xml.uom.LogicalPartition;
import org.iaasengine.powervm.xml.uom.Metadata;

/**
 * The client LPARs ({@code LogicalPartition}, {@code ManagedSystem/<uuid>/LogicalPartition}):
 * create (PUT under a managed system; the client may choose the partition UUID), read, list, and
 * delete, which the HMC refuses while the partition runs. Their client network adapters are {@link NetworkAdapters}; their jobs
 * ({@code .../do/<op>}) are {@link Jobs}.
 *
 * <pre>{@code
 * SimResponse r = lpars.handle("PUT", null, body, systemUuid);   // create
 * lpars.setState("web1", "running");
 * }</pre>
 */
final class Lpars {
    private final SimState state;
    private final AtomAnswers answers;
    private final EventFeed events;
    private final NetworkAdapters adapters;
    private final Map<String, LogicalPartition> lpars = new LinkedHashMap<>();
    private final Map<String, String> lparSystem = new HashMap<>();

    Lpars(SimState state, AtomAnswers answers, EventFeed events, NetworkAdapters adapters) {
        this.state = state;
        this.answers = answers;
        this.events = events;
        this.adapters = adapters;
    }

    /** Every LPAR, in creation order. */
    Collection<LogicalPartition> all() {
        return lpars.values();
    }

    /** The LPAR with this UUID, or null. */
    LogicalPartition get(String uuid) {
        return lpars.get(uuid);
    }

    /** The LPAR with this UUID; 404 if there is none. */
    LogicalPartition require(String uuid) {
        return SimError.found(lpars.get(uuid), "LogicalPartition", uuid);
    }

    /** The UUID of the managed system the LPAR is on. */
    String systemOf(String uuid) {
        return lparSystem.get(uuid);
    }

    /** The URI of an LPAR in events: under its managed system, as an HMC gives it. */
    String eventHref(String uuid) {
        return state.href("ManagedSystem", lparSystem.get(uuid), "LogicalPartition", uuid);
    }

    /** The LPAR is now on {@code system} (a finished migration). */
    void moveTo(String uuid, String system) {
        lparSystem.put(uuid, system);
    }

    /** The name of an LPAR, or {@code <gone:uuid>}. */
    String nameOf(String uuid) {
        LogicalPartition l = lpars.get(uuid);
        return l == null ? "<gone:" + uuid + ">" : l.partitionName;
    }

    /** The UUID of the LPAR named {@code name}, if it exists. */
    Optional<String> uuidOf(String name) {
        return lpars.values().stream().filter(l -> name.equals(l.partitionName)).findFirst()
                .map(LogicalPartition::uuid);
    }

    /** Sets the state of an LPAR directly (as if the guest crashed or stopped by itself). */
    void setState(String name, String partitionState) {
        LogicalPartition l = lpars.values().stream().filter(p -> name.equals(p.partitionName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no lpar " + name));
        l.partitionState = partitionState;
        state.touch(l.uuid());
        events.emit("MODIFY_URI", eventHref(l.uuid()), "PartitionState,Other");
    }

    /**
     * {@code LogicalPartition[/<id>[/ClientNetworkAdapter[/<cna>]]]}, or the same under a managed
     * system ({@code system} not null: a PUT creates there, a list shows only its LPARs).
     */
    SimResponse handle(String method, String id, String[] rest, byte[] body, String system) {
        if (id == null) {
            if (method.equals("PUT") && system != null) {
                return create(system, PowerVmXml.unmarshal(body, LogicalPartition.class));
            }
            return answers.feed(state.href("LogicalPartition"), lpars.values().stream()
                    .filter(l -> system == null || system.equals(lparSystem.get(l.uuid())))
                    .map(l -> answers.feedEntry("LogicalPartition", l.uuid(), state.href("LogicalPartition", l.uuid()),
                            render(l)))
                    .toList());
        }
        LogicalPartition l = require(id);
        if (rest == null) {
            if (method.equals("DELETE")) {
                return delete(l);
            }
            return answers.entry("LogicalPartition", id, state.href("LogicalPartition", id), render(l), false);
        }
        if (rest[0].equals("ClientNetworkAdapter")) {
            return adapters.handle(method, l, rest.length > 1 ? rest[1] : null, body);
        }
        throw SimError.notFound("no resource under LogicalPartition " + id);
    }

    /**
     * {@code POST LogicalPartition/<id>}, with If-Match: a rename (PartitionName; a name another
     * partition has is 409) and a resize ({@link LparResize}).
     */
    SimResponse update(String id, byte[] body, String ifMatch, boolean conflict) {
        LogicalPartition l = require(id);
        state.checkEtag(id, ifMatch, conflict);
        LogicalPartition sent = PowerVmXml.unmarshal(body, LogicalPartition.class);
        if (sent.partitionName == null || sent.partitionName.isBlank()) {
            throw SimError.badRequest("PartitionName is required");
        }
        if (!sent.partitionName.equals(l.partitionName) && lpars.values().stream()
                .anyMatch(x -> sent.partitionName.equals(x.partitionName))) {
            throw SimError.conflict("a partition named " + sent.partitionName + " exists");
        }
        LparResize.apply(l, sent);
        l.partitionName = sent.partitionName;
        state.touch(id);
        events.emit("MODIFY_URI", eventHref(id), "Other");
        return answers.entry("LogicalPartition", id, state.href("LogicalPartition", id), render(l), false);
    }

    private SimResponse delete(LogicalPartition l) {
        String id = l.uuid();
        if (!SimState.NOT_ACTIVATED.equals(l.partitionState)) {
            throw SimError.conflict("partition " + l.partitionName + " is " + l.partitionState
                    + "; power it off before deleting it");
        }
        String href = eventHref(id);
        String system = lparSystem.get(id);
        lpars.remove(id);
        lparSystem.remove(id);
        adapters.removeAllOf(id);
        events.emit("DELETE_URI", href);
        events.emit("MODIFY_URI", state.href("ManagedSystem", system));
        return SimResponse.noContent();
    }

    private LogicalPartition render(LogicalPartition l) {
        l.clientNetworkAdapters = new LinkList();
        l.clientNetworkAdapters.links.addAll(adapters.linksOf(l.uuid()));
        l.associatedManagedSystem = new Link(state.href("ManagedSystem", lparSystem.get(l.uuid())));
        return l;
    }

    /** A partition UUID the client chose: a UUID whose first hex digit is below 8, and not taken (409). */
    private String requestedUuid(String uuid) {
        if (!uuid.matches("[0-7][0-9A-Fa-f]{7}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")) {
            throw SimError.badRequest("PartitionUUID " + uuid + " is not a partition UUID");
        }
        if (lpars.containsKey(uuid)) {
            throw SimError.conflict("a partition with the UUID " + uuid + " exists");
        }
        return uuid;
    }

    private SimResponse create(String system, LogicalPartition req) {
        if (req.partitionName == null || req.partitionName.isBlank()) {
            throw SimError.badRequest("PartitionName is required");
        }
        if (lpars.values().stream().anyMatch(l -> req.partitionName.equals(l.partitionName))) {
            throw SimError.conflict("a partition named " + req.partitionName + " exists");
        }
        if (req.desiredMemoryMb() <= 0) {
            throw SimError.badRequest("DesiredMemory is required");
        }
        String id = req.partitionUuid != null ? requestedUuid(req.partitionUuid) : state.newUuid();
        req.metadata = Metadata.of(id, state.tick());
        req.partitionUuid = id;
        req.partitionId = 2 + (int) lpars.values().stream().filter(l -> system.equals(lparSystem.get(l.uuid())))
                .count() + state.lastId();
        req.partitionState = SimState.NOT_ACTIVATED;
        req.rmcState = "inactive";
        req.migrationState = "Not_Migrating";
        req.referenceCode = "00000000";
        lpars.put(id, req);
        lparSystem.put(id, system);
        state.track(id);
        events.emit("ADD_URI", eventHref(id));
        events.emit("MODIFY_URI", state.href("ManagedSystem", system));
        return answers.entry("LogicalPartition", id, state.href("LogicalPartition", id), render(req), false);
    }
}
