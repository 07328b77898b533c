package org.iaasengine.powervm.simulator;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * What every resource of the simulator shares: the one lock that guards all state, the id counter
 * (UUIDs, slots, MAC addresses), the logical clock (creation times, event and job ids), the etags
 * and the base URI. Ids and clock only move forward, in request order, so two simulators given the
 * same requests answer the same.
 *
 * <pre>{@code
 * String id = state.newUuid();
 * state.track(id);      // etag 1
 * state.touch(id);      // etag 2
 * }</pre>
 */
final class SimState {
    static final String NOT_ACTIVATED = "not activated";
    static final String RUNNING = "running";

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Long> etags = new HashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final URI uri;
    private long clock = 1_700_000_000_000L;

    SimState(URI uri) {
        this.uri = uri;
    }

    /** The lock every read and write of simulator state holds. */
    ReentrantLock lock() {
        return lock;
    }

    <T> T withLock(Supplier<T> s) {
        lock.lock();
        try {
            return s.get();
        } finally {
            lock.unlock();
        }
    }

    /** The next UUID, from the shared id counter. */
    String newUuid() {
        int n = ids.incrementAndGet();
        return String.format("%08X-5151-4000-8000-%012X", n, (long) n * 7919);
    }

    /** Advances the id counter and returns it. */
    int nextId() {
        return ids.incrementAndGet();
    }

    /** The id counter as it is. */
    int lastId() {
        return ids.get();
    }

    /** Advances the logical clock and returns it. */
    long tick() {
        return ++clock;
    }

    /** The logical clock as it is. */
    long now() {
        return clock;
    }

    /** The logical clock as an ISO instant (Atom's published and updated). */
    String published() {
        return Instant.ofEpochMilli(clock).toString();
    }

    /** {@code <base>/rest/api/uom/<segments>}. */
    String href(String... segments) {
        return uri + "/rest/api/uom/" + String.join("/", segments);
    }

    /** {@code <base>/rest/api/web/<segments>}. */
    String webHref(String... segments) {
        return uri + "/rest/api/web/" + String.join("/", segments);
    }

    /** A new object gets etag 1. */
    void track(String uuid) {
        etags.put(uuid, 1L);
    }

    /** A write changes the object's etag. */
    void touch(String uuid) {
        etags.merge(uuid, 1L, Long::sum);
    }

    /** The etag of an object, or null if it has none. */
    String etag(String uuid) {
        Long tag = etags.get(uuid);
        return tag == null ? null : Long.toString(tag);
    }

    /**
     * Refuses an update without If-Match or whose If-Match is stale (HTTP 412); {@code conflict}
     * first changes the etag, as a concurrent writer would.
     */
    void checkEtag(String uuid, String ifMatch, boolean conflict) {
        if (conflict) {
            touch(uuid);
        }
        if (ifMatch == null) {
            throw new SimError(412, "Precondition Failed", "an update of " + uuid + " needs If-Match");
        }
        if (!ifMatch.equals(Long.toString(etags.get(uuid)))) {
            throw new SimError(412, "Precondition Failed", "etag " + ifMatch + " of " + uuid + " is stale");
        }
    }
}
