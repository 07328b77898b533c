package org.iaasengine.libvirt.driver;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.iaasengine.libvirt.driver.DomainEvent.Type;

/**
 * Why a lifecycle event happened: libvirt's details per event type
 * ({@code virDomainEventStoppedDetailType}, {@code virDomainEventStartedDetailType}...), each with
 * its event type and libvirt's number for it within that type. libvirt has no "unknown" detail;
 * the {@code _UNKNOWN} constants (number -1) stand for a detail this library does not know (a
 * newer libvirt) or that the driver was not told. The drivers translate what they receive: the
 * libvirt-java driver libvirt's numbers, the virsh driver the words {@code virsh event} prints.
 *
 * <pre>{@code
 * if (event.detail() == EventDetail.STOPPED_DESTROYED) { ... }
 * EventDetail.of(DomainEvent.Type.STOPPED, 1);   // STOPPED_DESTROYED
 * }</pre>
 */
public enum EventDetail {
    DEFINED_UNKNOWN(Type.DEFINED, -1),
    DEFINED_ADDED(Type.DEFINED, 0),
    DEFINED_UPDATED(Type.DEFINED, 1),
    DEFINED_RENAMED(Type.DEFINED, 2),
    DEFINED_FROM_SNAPSHOT(Type.DEFINED, 3),

    UNDEFINED_UNKNOWN(Type.UNDEFINED, -1),
    UNDEFINED_REMOVED(Type.UNDEFINED, 0),
    UNDEFINED_RENAMED(Type.UNDEFINED, 1),

    STARTED_UNKNOWN(Type.STARTED, -1),
    STARTED_BOOTED(Type.STARTED, 0),
    STARTED_MIGRATED(Type.STARTED, 1),
    STARTED_RESTORED(Type.STARTED, 2),
    STARTED_FROM_SNAPSHOT(Type.STARTED, 3),
    STARTED_WAKEUP(Type.STARTED, 4),
    STARTED_RECREATED(Type.STARTED, 5),

    SUSPENDED_UNKNOWN(Type.SUSPENDED, -1),
    SUSPENDED_PAUSED(Type.SUSPENDED, 0),
    SUSPENDED_MIGRATED(Type.SUSPENDED, 1),
    SUSPENDED_IOERROR(Type.SUSPENDED, 2),
    SUSPENDED_WATCHDOG(Type.SUSPENDED, 3),
    SUSPENDED_RESTORED(Type.SUSPENDED, 4),
    SUSPENDED_FROM_SNAPSHOT(Type.SUSPENDED, 5),
    SUSPENDED_API_ERROR(Type.SUSPENDED, 6),
    SUSPENDED_POSTCOPY(Type.SUSPENDED, 7),
    SUSPENDED_POSTCOPY_FAILED(Type.SUSPENDED, 8),

    RESUMED_UNKNOWN(Type.RESUMED, -1),
    RESUMED_UNPAUSED(Type.RESUMED, 0),
    RESUMED_MIGRATED(Type.RESUMED, 1),
    RESUMED_FROM_SNAPSHOT(Type.RESUMED, 2),
    RESUMED_POSTCOPY(Type.RESUMED, 3),
    RESUMED_POSTCOPY_FAILED(Type.RESUMED, 4),

    STOPPED_UNKNOWN(Type.STOPPED, -1),
    STOPPED_SHUTDOWN(Type.STOPPED, 0),
    STOPPED_DESTROYED(Type.STOPPED, 1),
    STOPPED_CRASHED(Type.STOPPED, 2),
    STOPPED_MIGRATED(Type.STOPPED, 3),
    STOPPED_SAVED(Type.STOPPED, 4),
    STOPPED_FAILED(Type.STOPPED, 5),
    STOPPED_FROM_SNAPSHOT(Type.STOPPED, 6),
    STOPPED_RECREATED(Type.STOPPED, 7),

    SHUTDOWN_UNKNOWN(Type.SHUTDOWN, -1),
    SHUTDOWN_FINISHED(Type.SHUTDOWN, 0),
    SHUTDOWN_GUEST(Type.SHUTDOWN, 1),
    SHUTDOWN_HOST(Type.SHUTDOWN, 2),

    PMSUSPENDED_UNKNOWN(Type.PMSUSPENDED, -1),
    PMSUSPENDED_MEMORY(Type.PMSUSPENDED, 0),
    PMSUSPENDED_DISK(Type.PMSUSPENDED, 1),

    CRASHED_UNKNOWN(Type.CRASHED, -1),
    CRASHED_PANICKED(Type.CRASHED, 0),
    CRASHED_CRASHLOADED(Type.CRASHED, 1);

    /** Per type: its unknown detail first, then libvirt's details in number order. */
    private static final Map<Type, EventDetail[]> BY_TYPE = byType();

    private final Type type;
    private final int code;

    EventDetail(Type type, int code) {
        this.type = type;
        this.code = code;
    }

    /** The event type this detail belongs to. */
    public Type type() {
        return type;
    }

    /** libvirt's number for this detail within its type; -1 for the unknown one. */
    public int code() {
        return code;
    }

    /** True for the {@code _UNKNOWN} detail of a type. */
    public boolean isUnknown() {
        return code < 0;
    }

    /** The detail in lower-case words, for messages: {@code destroyed}, {@code from snapshot}. */
    public String label() {
        return name().substring(type.name().length() + 1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The {@code _UNKNOWN} detail of {@code type}. */
    public static EventDetail unknown(Type type) {
        return BY_TYPE.get(Objects.requireNonNull(type, "type"))[0];
    }

    /**
     * The detail with libvirt's number {@code code} for events of {@code type}; the type's unknown
     * one for a number not listed.
     */
    public static EventDetail of(Type type, int code) {
        EventDetail[] details = BY_TYPE.get(Objects.requireNonNull(type, "type"));
        return code >= 0 && code + 1 < details.length ? details[code + 1] : details[0];
    }

    private static Map<Type, EventDetail[]> byType() {
        Map<Type, EventDetail[]> m = new EnumMap<>(Type.class);
        for (Type t : Type.values()) {
            m.put(t, Arrays.stream(values()).filter(d -> d.type == t).toArray(EventDetail[]::new));
        }
        for (EventDetail[] details : m.values()) {
            for (int i = 0; i < details.length; i++) {
                if (details[i].code != i - 1) {
                    throw new ExceptionInInitializerError("detail " + details[i] + " out of libvirt's order");
                }
            }
        }
        return m;
    }
}
