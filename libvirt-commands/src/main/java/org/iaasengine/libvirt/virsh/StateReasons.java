package org.iaasengine.libvirt.virsh;

import java.util.List;
import java.util.Map;
import org.iaasengine.libvirt.driver.DomainState;

/**
 * virsh's words for a state reason number ({@code virDomainRunningReason},
 * {@code virDomainPausedReason}...), as {@code virsh domstate --reason} prints them (the
 * {@code virshDomain*Reason} tables of tools/virsh-domain-monitor.c). {@code domstats} gives the
 * number; this turns it into the same word {@code domstate --reason} shows.
 */
final class StateReasons {
    private static final Map<DomainState, List<String>> WORDS = Map.of(
            DomainState.NOSTATE, List.of("unknown"),
            DomainState.RUNNING, List.of("unknown", "booted", "migrated", "restored", "from snapshot", "unpaused",
                    "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy",
                    "post-copy failed"),
            DomainState.BLOCKED, List.of("unknown"),
            DomainState.PAUSED, List.of("unknown", "user", "migrating", "saving", "dumping", "I/O error", "watchdog",
                    "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up", "post-copy",
                    "post-copy failed", "api error"),
            DomainState.SHUTDOWN, List.of("unknown", "user"),
            DomainState.SHUTOFF, List.of("unknown", "shutdown", "destroyed", "crashed", "migrated", "saved", "failed",
                    "from snapshot", "daemon"),
            DomainState.CRASHED, List.of("unknown", "panicked"),
            DomainState.PMSUSPENDED, List.of("unknown"));

    private StateReasons() {
    }

    /** The word for reason number {@code reason} of {@code state}; "unknown" when out of range. */
    static String word(DomainState state, int reason) {
        List<String> words = WORDS.getOrDefault(state, List.of());
        return reason >= 0 && reason < words.size() ? words.get(reason) : "unknown";
    }
}
