package org.iaasengine.libvirt.driver;

import java.util.Objects;

/**
 * A domain lifecycle event ({@code virDomainEventType}) with its detail.
 *
 * @param uri    the connection it came from
 * @param name   the domain's name
 * @param uuid   the domain's UUID
 * @param type   what happened
 * @param detail why ({@link EventDetail#STARTED_BOOTED}, {@link EventDetail#STOPPED_DESTROYED}...);
 *               a detail of {@code type} (null stands for the type's unknown one)
 */
public record DomainEvent(String uri, String name, String uuid, Type type, EventDetail detail) {

    public DomainEvent {
        Objects.requireNonNull(type, "type");
        detail = detail == null ? EventDetail.unknown(type) : detail;
        if (detail.type() != type) {
            throw new IllegalArgumentException("detail " + detail + " is not one of an event " + type);
        }
    }

    /** libvirt's lifecycle event types, with their numeric codes. */
    public enum Type {
        DEFINED(0), UNDEFINED(1), STARTED(2), SUSPENDED(3), RESUMED(4), STOPPED(5), SHUTDOWN(6), PMSUSPENDED(7),
        CRASHED(8);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        public static Type ofCode(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown lifecycle event type " + code);
        }
    }
}
