package org.iaasengine.libvirt.driver;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Why a domain is in its state: libvirt's reasons per state ({@code virDomainRunningReason},
 * {@code virDomainPausedReason}, {@code virDomainShutoffReason}...), each with the state it
 * belongs to and libvirt's number for it within that state. Every state has an {@code _UNKNOWN}
 * reason (number 0), which also stands for a number this library does not know yet (a newer
 * libvirt). The drivers translate what they receive: the libvirt-java driver libvirt's numbers,
 * the virsh driver the words virsh prints.
 *
 * <pre>{@code
 * DomainStatus s = driver.state("web1");
 * if (s.reason() == StateReason.SHUTOFF_DESTROYED) { ... }
 * StateReason.of(DomainState.PAUSED, 1);   // PAUSED_USER
 * }</pre>
 */
public enum StateReason {
    NOSTATE_UNKNOWN(DomainState.NOSTATE, 0),

    RUNNING_UNKNOWN(DomainState.RUNNING, 0),
    RUNNING_BOOTED(DomainState.RUNNING, 1),
    RUNNING_MIGRATED(DomainState.RUNNING, 2),
    RUNNING_RESTORED(DomainState.RUNNING, 3),
    RUNNING_FROM_SNAPSHOT(DomainState.RUNNING, 4),
    RUNNING_UNPAUSED(DomainState.RUNNING, 5),
    RUNNING_MIGRATION_CANCELED(DomainState.RUNNING, 6),
    RUNNING_SAVE_CANCELED(DomainState.RUNNING, 7),
    RUNNING_WAKEUP(DomainState.RUNNING, 8),
    RUNNING_CRASHED(DomainState.RUNNING, 9),
    RUNNING_POSTCOPY(DomainState.RUNNING, 10),
    RUNNING_POSTCOPY_FAILED(DomainState.RUNNING, 11),

    BLOCKED_UNKNOWN(DomainState.BLOCKED, 0),

    PAUSED_UNKNOWN(DomainState.PAUSED, 0),
    PAUSED_USER(DomainState.PAUSED, 1),
    PAUSED_MIGRATION(DomainState.PAUSED, 2),
    PAUSED_SAVE(DomainState.PAUSED, 3),
    PAUSED_DUMP(DomainState.PAUSED, 4),
    PAUSED_IOERROR(DomainState.PAUSED, 5),
    PAUSED_WATCHDOG(DomainState.PAUSED, 6),
    PAUSED_FROM_SNAPSHOT(DomainState.PAUSED, 7),
    PAUSED_SHUTTING_DOWN(DomainState.PAUSED, 8),
    PAUSED_SNAPSHOT(DomainState.PAUSED, 9),
    PAUSED_CRASHED(DomainState.PAUSED, 10),
    PAUSED_STARTING_UP(DomainState.PAUSED, 11),
    PAUSED_POSTCOPY(DomainState.PAUSED, 12),
    PAUSED_POSTCOPY_FAILED(DomainState.PAUSED, 13),
    PAUSED_API_ERROR(DomainState.PAUSED, 14),

    SHUTDOWN_UNKNOWN(DomainState.SHUTDOWN, 0),
    SHUTDOWN_USER(DomainState.SHUTDOWN, 1),

    SHUTOFF_UNKNOWN(DomainState.SHUTOFF, 0),
    SHUTOFF_SHUTDOWN(DomainState.SHUTOFF, 1),
    SHUTOFF_DESTROYED(DomainState.SHUTOFF, 2),
    SHUTOFF_CRASHED(DomainState.SHUTOFF, 3),
    SHUTOFF_MIGRATED(DomainState.SHUTOFF, 4),
    SHUTOFF_SAVED(DomainState.SHUTOFF, 5),
    SHUTOFF_FAILED(DomainState.SHUTOFF, 6),
    SHUTOFF_FROM_SNAPSHOT(DomainState.SHUTOFF, 7),
    SHUTOFF_DAEMON(DomainState.SHUTOFF, 8),

    CRASHED_UNKNOWN(DomainState.CRASHED, 0),
    CRASHED_PANICKED(DomainState.CRASHED, 1),

    PMSUSPENDED_UNKNOWN(DomainState.PMSUSPENDED, 0);

    private static final Map<DomainState, StateReason[]> BY_STATE = byState();

    private final DomainState state;
    private final int code;

    StateReason(DomainState state, int code) {
        this.state = state;
        this.code = code;
    }

    /** The state this reason belongs to. */
    public DomainState state() {
        return state;
    }

    /** libvirt's number for this reason within its state. */
    public int code() {
        return code;
    }

    /** True for the {@code _UNKNOWN} reason of a state. */
    public boolean isUnknown() {
        return code == 0;
    }

    /** The reason in lower-case words, for messages: {@code destroyed}, {@code from snapshot}. */
    public String label() {
        return name().substring(state.name().length() + 1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The {@code _UNKNOWN} reason of {@code state}. */
    public static StateReason unknown(DomainState state) {
        return BY_STATE.get(Objects.requireNonNull(state, "state"))[0];
    }

    /**
     * The reason with libvirt's number {@code code} in {@code state}; the state's unknown one for a
     * number not listed.
     */
    public static StateReason of(DomainState state, int code) {
        StateReason[] reasons = BY_STATE.get(Objects.requireNonNull(state, "state"));
        return code >= 0 && code < reasons.length ? reasons[code] : reasons[0];
    }

    private static Map<DomainState, StateReason[]> byState() {
        Map<DomainState, StateReason[]> m = new EnumMap<>(DomainState.class);
        for (DomainState s : DomainState.values()) {
            m.put(s, Arrays.stream(values()).filter(r -> r.state == s).toArray(StateReason[]::new));
        }
        for (StateReason[] reasons : m.values()) {
            for (int i = 0; i < reasons.length; i++) {
                if (reasons[i].code != i) {
                    throw new ExceptionInInitializerError("reason " + reasons[i] + " out of libvirt's order");
                }
            }
        }
        return m;
    }
}
