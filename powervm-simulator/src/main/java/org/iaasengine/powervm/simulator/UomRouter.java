package org.iaasengine.powervm.simulator;

import java.util.Arrays;

/**
 * The URL map below {@code /rest/api/uom/}: which resource answers which path. Everything but the
 * event long poll runs under the state lock, so each request sees and leaves a consistent state.
 *
 * <pre>{@code
 * SimResponse r = router.route("GET", "ManagedSystem/" + uuid + "/LogicalPartition", null, body, null, false);
 * }</pre>
 */
final class UomRouter {
    private final SimState state;
    private final EventFeed events;
    private final ManagedSystems systems;
    private final Lpars lpars;
    private final Vioses vioses;
    private final ViosResource viosResource;
    private final VolumeGroups volumeGroups;
    private final StoragePools pools;
    private final Jobs jobs;

    UomRouter(SimState state, EventFeed events, ManagedSystems systems, Lpars lpars, Vioses vioses,
            ViosResource viosResource, VolumeGroups volumeGroups, StoragePools pools, Jobs jobs) {
        this.state = state;
        this.events = events;
        this.systems = systems;
        this.lpars = lpars;
        this.vioses = vioses;
        this.viosResource = viosResource;
        this.volumeGroups = volumeGroups;
        this.pools = pools;
        this.jobs = jobs;
    }

    /**
     * Handles a request whose answer is to be lost: it takes effect as {@link #route} has it, and a
     * job it starts is noted as one whose client never learned its id.
     */
    void routeLosingAnswer(String method, String path, String query, byte[] body, String ifMatch) {
        state.lock().lock();
        try {
            String before = jobs.lastStarted();
            try {
                route(method, path, query, body, ifMatch, false);
            } finally {
                String started = jobs.lastStarted();
                if (started != null && !started.equals(before)) {
                    jobs.unanswered(started);
                }
            }
        } finally {
            state.lock().unlock();
        }
    }

    /**
     * Answers one request; {@code conflict} is an injected concurrent change of the target (its
     * etag moves before If-Match is checked).
     */
    SimResponse route(String method, String path, String query, byte[] body, String ifMatch, boolean conflict) {
        String[] s = path.split("/");
        if (s[0].equals("Event") && method.equals("GET")) {
            return events.poll(query);
        }
        state.lock().lock();
        try {
            jobs.tick();
            switch (s[0]) {
                case "ManagedSystem":
                    if (s.length == 1) {
                        return systems.feed();
                    }
                    if (s.length == 2) {
                        return systems.entry(s[1]);
                    }
                    String system = systems.require(s[1]).uuid();
                    if (s[2].equals("LogicalPartition")) {
                        return lpar(method, s, 3, body, system, ifMatch, conflict);
                    }
                    if (s[2].equals("VirtualIOServer")) {
                        return vios(method, s, 3, body, ifMatch, conflict, system);
                    }
                    break;
                case "LogicalPartition":
                    return lpar(method, s, 1, body, null, ifMatch, conflict);
                case "VirtualIOServer":
                    return vios(method, s, 1, body, ifMatch, conflict, null);
                case "SharedStoragePool":
                    return pools.handle(method, s.length > 1 ? s[1] : null, body, ifMatch, conflict);
                case "jobs":
                    return jobs.handle(method, s);
                default:
                    break;
            }
            throw SimError.notFound("no resource " + path);
        } finally {
            state.lock().unlock();
        }
    }

    /** {@code LogicalPartition[/<id>[/...]]} from segment {@code at}. */
    private SimResponse lpar(String method, String[] s, int at, byte[] body, String system, String ifMatch,
            boolean conflict) {
        String id = s.length > at ? s[at] : null;
        String[] rest = s.length > at + 1 ? tail(s, at + 1) : null;
        if (id != null && rest == null && method.equals("POST")) {
            return lpars.update(id, body, ifMatch, conflict);
        }
        if (id != null && rest != null && isJob(rest)) {
            lpars.require(id);
            return jobs.start(method, "LogicalPartition", id, rest[1], body);
        }
        return lpars.handle(method, id, rest, body, system);
    }

    /** {@code VirtualIOServer[/<id>[/...]]} from segment {@code at}. */
    private SimResponse vios(String method, String[] s, int at, byte[] body, String ifMatch, boolean conflict,
            String system) {
        String id = s.length > at ? s[at] : null;
        String[] rest = s.length > at + 1 ? tail(s, at + 1) : null;
        if (id == null) {
            return viosResource.feed(system);
        }
        if (rest == null) {
            return viosResource.handle(method, id, body, ifMatch, conflict);
        }
        vioses.require(id);
        if (rest[0].equals("VolumeGroup")) {
            return volumeGroups.handle(method, id, rest, body, ifMatch, conflict);
        }
        if (isJob(rest)) {
            return jobs.start(method, "VirtualIOServer", id, rest[1], body);
        }
        throw SimError.notFound("no resource under VirtualIOServer " + id);
    }

    private static boolean isJob(String[] rest) {
        return rest[0].equals("do") && rest.length == 2;
    }

    private static String[] tail(String[] s, int from) {
        return Arrays.copyOfRange(s, from, s.length);
    }
}
