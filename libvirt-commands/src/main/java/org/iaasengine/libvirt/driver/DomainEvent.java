package org.iaasengine.libvirt.driver;

/**
 * A domain lifecycle event ({@code virDomainEventType}) with its detail in virsh's words.
 *
 * @param uri    the connection it came from
 * @param name   the domain's name
 * @param uuid   the domain's UUID
 * @param type   what happened
 * @param detail why, in virsh's words ({@code booted}, {@code destroyed}, {@code migrated}...)
 */
public record DomainEvent(String uri, String name, String uuid, Type type, String detail) {

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
