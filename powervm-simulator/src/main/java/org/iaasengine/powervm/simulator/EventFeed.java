package org.iaasengine.powervm.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import org.iaasengine.powervm.xml.atom.AtomEntry;
import org.iaasengine.powervm.xml.uom.Event;
import org.iaasengine.powervm.xml.uom.Metadata;

/**
 * The event feed ({@code GET /rest/api/uom/Event}): every change is an event (ADD_URI, MODIFY_URI,
 * DELETE_URI) whose data is the object's URI, under its managed system for partitions and VIOSes,
 * and whose detail is, as on an HMC, empty for ADD_URI and DELETE_URI and the changed properties
 * for MODIFY_URI ({@code PartitionState,RMCState,Other}, {@code Other}); each application id has
 * its own cursor. A new application first gets NEW_CLIENT (no data, no detail); a later poll with
 * nothing new is held open for the configured wait, then answered 204.
 *
 * <pre>{@code
 * events.emit("MODIFY_URI", state.href("ManagedSystem", ms, "LogicalPartition", uuid), "PartitionState,Other");
 * }</pre>
 */
final class EventFeed {
    private static final String APPLICATION_ID = "QUEUE_APPLICATIONID=";

    private final SimState state;
    private final AtomAnswers answers;
    private final Duration eventWait;
    private final Condition eventsChanged;
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Integer> eventCursors = new HashMap<>();

    EventFeed(SimState state, AtomAnswers answers, Duration eventWait) {
        this.state = state;
        this.answers = answers;
        this.eventWait = eventWait;
        this.eventsChanged = state.lock().newCondition();
    }

    /** An event whose detail is the usual one: none for ADD_URI and DELETE_URI, {@code Other} for MODIFY_URI. */
    void emit(String type, String data) {
        emit(type, data, "MODIFY_URI".equals(type) ? "Other" : "");
    }

    /** Records an event and wakes the long polls; the caller holds the state lock. */
    void emit(String type, String data, String detail) {
        Event e = new Event();
        e.metadata = Metadata.of(state.newUuid(), state.tick());
        e.eventType = type;
        e.eventId = Long.toString(state.now());
        e.eventData = data;
        e.eventDetail = detail;
        events.add(e);
        eventsChanged.signalAll();
    }

    /** Answers one long poll of the application named in the query. */
    SimResponse poll(String query) {
        String app = "default";
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith(APPLICATION_ID)) {
                    app = kv.substring(APPLICATION_ID.length());
                }
            }
        }
        state.lock().lock();
        try {
            Integer cursor = eventCursors.get(app);
            if (cursor == null) {
                eventCursors.put(app, events.size());
                Event hello = new Event();
                hello.metadata = Metadata.of(state.newUuid(), state.tick());
                hello.eventType = "NEW_CLIENT";
                hello.eventId = Long.toString(state.now());
                hello.eventData = "";
                hello.eventDetail = "";
                return answers.feed(state.href("Event"), List.of(answers.feedEntry("Event",
                        hello.metadata.atom.atomId, state.href("Event"), hello)));
            }
            long waitNanos = eventWait.toNanos();
            while (events.size() <= cursor && waitNanos > 0) {
                try {
                    waitNanos = eventsChanged.awaitNanos(waitNanos);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<AtomEntry> out = new ArrayList<>();
            for (Event e : events.subList(cursor, events.size())) {
                out.add(answers.feedEntry("Event", e.metadata.atom.atomId, state.href("Event", e.metadata.atom.atomId),
                        e));
            }
            eventCursors.put(app, events.size());
            return answers.feed(state.href("Event"), out);
        } finally {
            state.lock().unlock();
        }
    }
}
