package org.iaasengine.libvirt.virsh;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;
import org.iaasengine.libvirt.driver.EventDetail;
import org.iaasengine.libvirt.driver.StateReason;

/**
 * The words virsh prints for state reasons ({@code domstate --reason}: the reason tables of
 * virsh's domain monitor commands) and for lifecycle event details ({@code event --event
 * lifecycle}), read back into {@link StateReason} and {@link EventDetail}. Checked against the
 * installed virsh (libvirt 9); a word this table does not know reads as the unknown reason or
 * detail of its state or type. Event details are matched without regard to case (virsh prints
 * {@code Destroyed}, {@code I/O Error}).
 *
 * <pre>{@code
 * VirshWords.reason(DomainState.SHUTOFF, "destroyed");              // SHUTOFF_DESTROYED
 * VirshWords.eventDetail(DomainEvent.Type.SUSPENDED, "I/O Error");   // SUSPENDED_IOERROR
 * }</pre>
 */
final class VirshWords {
    private static final String UNKNOWN = "unknown";

    private static final Map<StateReason, String> REASON_WORDS = reasonWords();
    private static final Map<EventDetail, String> DETAIL_WORDS = detailWords();
    private static final Map<DomainState, Map<String, StateReason>> REASONS = new EnumMap<>(DomainState.class);
    private static final Map<DomainEvent.Type, Map<String, EventDetail>> DETAILS = new EnumMap<>(DomainEvent.Type.class);

    static {
        REASON_WORDS.forEach((r, w) -> REASONS.computeIfAbsent(r.state(), s -> new HashMap<>()).put(w, r));
        DETAIL_WORDS.forEach((d, w) -> DETAILS.computeIfAbsent(d.type(), t -> new HashMap<>())
                .put(w.toLowerCase(Locale.ROOT), d));
    }

    private VirshWords() {
    }

    /** The reason {@code virsh domstate --reason} means by {@code word} in {@code state}. */
    static StateReason reason(DomainState state, String word) {
        return REASONS.getOrDefault(state, Map.of()).getOrDefault(word, StateReason.unknown(state));
    }

    /** The detail {@code virsh event} means by {@code word} (any case) for an event of {@code type}. */
    static EventDetail eventDetail(DomainEvent.Type type, String word) {
        return DETAILS.getOrDefault(type, Map.of()).getOrDefault(word.toLowerCase(Locale.ROOT),
                EventDetail.unknown(type));
    }

    /** The word virsh prints for {@code reason}. */
    static String word(StateReason reason) {
        return REASON_WORDS.get(reason);
    }

    /** The word virsh prints for {@code detail}, lower-cased. */
    static String word(EventDetail detail) {
        return DETAIL_WORDS.get(detail);
    }

    private static Map<StateReason, String> reasonWords() {
        Map<StateReason, String> m = new EnumMap<>(StateReason.class);
        for (StateReason r : StateReason.values()) {
            if (r.isUnknown()) {
                m.put(r, UNKNOWN);
            }
        }
        m.put(StateReason.RUNNING_BOOTED, "booted");
        m.put(StateReason.RUNNING_MIGRATED, "migrated");
        m.put(StateReason.RUNNING_RESTORED, "restored");
        m.put(StateReason.RUNNING_FROM_SNAPSHOT, "from snapshot");
        m.put(StateReason.RUNNING_UNPAUSED, "unpaused");
        m.put(StateReason.RUNNING_MIGRATION_CANCELED, "migration canceled");
        m.put(StateReason.RUNNING_SAVE_CANCELED, "save canceled");
        m.put(StateReason.RUNNING_WAKEUP, "event wakeup");
        m.put(StateReason.RUNNING_CRASHED, "crashed");
        m.put(StateReason.RUNNING_POSTCOPY, "post-copy");
        m.put(StateReason.RUNNING_POSTCOPY_FAILED, "post-copy failed");
        m.put(StateReason.PAUSED_USER, "user");
        m.put(StateReason.PAUSED_MIGRATION, "migrating");
        m.put(StateReason.PAUSED_SAVE, "saving");
        m.put(StateReason.PAUSED_DUMP, "dumping");
        m.put(StateReason.PAUSED_IOERROR, "I/O error");
        m.put(StateReason.PAUSED_WATCHDOG, "watchdog");
        m.put(StateReason.PAUSED_FROM_SNAPSHOT, "from snapshot");
        m.put(StateReason.PAUSED_SHUTTING_DOWN, "shutting down");
        m.put(StateReason.PAUSED_SNAPSHOT, "creating snapshot");
        m.put(StateReason.PAUSED_CRASHED, "crashed");
        m.put(StateReason.PAUSED_STARTING_UP, "starting up");
        m.put(StateReason.PAUSED_POSTCOPY, "post-copy");
        m.put(StateReason.PAUSED_POSTCOPY_FAILED, "post-copy failed");
        m.put(StateReason.PAUSED_API_ERROR, "api error");
        m.put(StateReason.SHUTDOWN_USER, "user");
        m.put(StateReason.SHUTOFF_SHUTDOWN, "shutdown");
        m.put(StateReason.SHUTOFF_DESTROYED, "destroyed");
        m.put(StateReason.SHUTOFF_CRASHED, "crashed");
        m.put(StateReason.SHUTOFF_MIGRATED, "migrated");
        m.put(StateReason.SHUTOFF_SAVED, "saved");
        m.put(StateReason.SHUTOFF_FAILED, "failed");
        m.put(StateReason.SHUTOFF_FROM_SNAPSHOT, "from snapshot");
        m.put(StateReason.SHUTOFF_DAEMON, "daemon");
        m.put(StateReason.CRASHED_PANICKED, "panicked");
        return m;
    }

    private static Map<EventDetail, String> detailWords() {
        Map<EventDetail, String> m = new EnumMap<>(EventDetail.class);
        for (EventDetail d : EventDetail.values()) {
            if (d.isUnknown()) {
                m.put(d, UNKNOWN);
            }
        }
        m.put(EventDetail.DEFINED_ADDED, "added");
        m.put(EventDetail.DEFINED_UPDATED, "updated");
        m.put(EventDetail.DEFINED_RENAMED, "renamed");
        m.put(EventDetail.DEFINED_FROM_SNAPSHOT, "snapshot");
        m.put(EventDetail.UNDEFINED_REMOVED, "removed");
        m.put(EventDetail.UNDEFINED_RENAMED, "renamed");
        m.put(EventDetail.STARTED_BOOTED, "booted");
        m.put(EventDetail.STARTED_MIGRATED, "migrated");
        m.put(EventDetail.STARTED_RESTORED, "restored");
        m.put(EventDetail.STARTED_FROM_SNAPSHOT, "snapshot");
        m.put(EventDetail.STARTED_WAKEUP, "event wakeup");
        m.put(EventDetail.STARTED_RECREATED, "recreation");
        m.put(EventDetail.SUSPENDED_PAUSED, "paused");
        m.put(EventDetail.SUSPENDED_MIGRATED, "migrated");
        m.put(EventDetail.SUSPENDED_IOERROR, "i/o error");
        m.put(EventDetail.SUSPENDED_WATCHDOG, "watchdog");
        m.put(EventDetail.SUSPENDED_RESTORED, "restored");
        m.put(EventDetail.SUSPENDED_FROM_SNAPSHOT, "snapshot");
        m.put(EventDetail.SUSPENDED_API_ERROR, "api error");
        m.put(EventDetail.SUSPENDED_POSTCOPY, "post-copy");
        m.put(EventDetail.SUSPENDED_POSTCOPY_FAILED, "post-copy error");
        m.put(EventDetail.RESUMED_UNPAUSED, "unpaused");
        m.put(EventDetail.RESUMED_MIGRATED, "migrated");
        m.put(EventDetail.RESUMED_FROM_SNAPSHOT, "snapshot");
        m.put(EventDetail.RESUMED_POSTCOPY, "post-copy");
        m.put(EventDetail.RESUMED_POSTCOPY_FAILED, "post-copy error");
        m.put(EventDetail.STOPPED_SHUTDOWN, "shutdown");
        m.put(EventDetail.STOPPED_DESTROYED, "destroyed");
        m.put(EventDetail.STOPPED_CRASHED, "crashed");
        m.put(EventDetail.STOPPED_MIGRATED, "migrated");
        m.put(EventDetail.STOPPED_SAVED, "saved");
        m.put(EventDetail.STOPPED_FAILED, "failed");
        m.put(EventDetail.STOPPED_FROM_SNAPSHOT, "snapshot");
        m.put(EventDetail.STOPPED_RECREATED, "recreation");
        m.put(EventDetail.SHUTDOWN_FINISHED, "finished");
        m.put(EventDetail.SHUTDOWN_GUEST, "finished after guest request");
        m.put(EventDetail.SHUTDOWN_HOST, "finished after host request");
        m.put(EventDetail.PMSUSPENDED_MEMORY, "memory");
        m.put(EventDetail.PMSUSPENDED_DISK, "disk");
        m.put(EventDetail.CRASHED_PANICKED, "panicked");
        m.put(EventDetail.CRASHED_CRASHLOADED, "crashloaded");
        return m;
    }
}
