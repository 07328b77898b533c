package org.iaasengine.libvirt.libvirtjava;

import java.util.List;
import java.util.Locale;
import org.iaasengine.libvirt.driver.DomainEvent;
import org.iaasengine.libvirt.driver.DomainState;

/**
 * The words {@code virsh} prints for libvirt's numbers, so that both drivers report the same
 * text: state reasons as {@code virsh domstate --reason} prints them (libvirt 9's virsh tables,
 * checked against the installed virsh), and lifecycle event details as {@code virsh event} prints
 * them, lower-cased.
 *
 * <pre>{@code
 * VirshWords.reason(DomainState.SHUTOFF, 2);              // "destroyed"
 * VirshWords.eventDetail(DomainEvent.Type.STOPPED, 1);    // "destroyed"
 * }</pre>
 */
final class VirshWords {

    private static final String UNKNOWN = "unknown";

    private static final List<String> RUNNING = List.of(UNKNOWN, "booted", "migrated", "restored", "from snapshot",
            "unpaused", "migration canceled", "save canceled", "event wakeup", "crashed", "post-copy",
            "post-copy failed");
    private static final List<String> PAUSED = List.of(UNKNOWN, "user", "migrating", "saving", "dumping",
            "I/O error", "watchdog", "from snapshot", "shutting down", "creating snapshot", "crashed", "starting up",
            "post-copy", "post-copy failed", "api error");
    private static final List<String> SHUTDOWN = List.of(UNKNOWN, "user");
    private static final List<String> SHUTOFF = List.of(UNKNOWN, "shutdown", "destroyed", "crashed", "migrated",
            "saved", "failed", "from snapshot", "daemon");
    private static final List<String> CRASHED = List.of(UNKNOWN, "panicked");

    private static final List<String> DEFINED = List.of("added", "updated", "renamed", "snapshot");
    private static final List<String> UNDEFINED = List.of("removed", "renamed");
    private static final List<String> STARTED = List.of("booted", "migrated", "restored", "snapshot",
            "event wakeup", "recreation");
    private static final List<String> SUSPENDED = List.of("paused", "migrated", "i/o error", "watchdog",
            "restored", "snapshot", "api error", "post-copy", "post-copy error");
    private static final List<String> RESUMED = List.of("unpaused", "migrated", "snapshot", "post-copy",
            "post-copy error");
    private static final List<String> STOPPED = List.of("shutdown", "destroyed", "crashed", "migrated", "saved",
            "failed", "snapshot", "recreation");
    private static final List<String> SHUTDOWN_DETAIL = List.of("finished", "finished after guest request",
            "finished after host request");
    private static final List<String> PMSUSPENDED = List.of("memory", "disk");
    private static final List<String> CRASHED_DETAIL = List.of("panicked", "crashloaded");

    private VirshWords() {
    }

    /** The reason word for {@code reason} in {@code state}; "unknown" for a number virsh has no word for. */
    static String reason(DomainState state, int reason) {
        List<String> words = switch (state) {
            case RUNNING -> RUNNING;
            case PAUSED -> PAUSED;
            case SHUTDOWN -> SHUTDOWN;
            case SHUTOFF -> SHUTOFF;
            case CRASHED -> CRASHED;
            default -> List.of(UNKNOWN);
        };
        return word(words, reason);
    }

    /** The event detail word (lower case) for {@code detail} of an event of {@code type}. */
    static String eventDetail(DomainEvent.Type type, int detail) {
        List<String> words = switch (type) {
            case DEFINED -> DEFINED;
            case UNDEFINED -> UNDEFINED;
            case STARTED -> STARTED;
            case SUSPENDED -> SUSPENDED;
            case RESUMED -> RESUMED;
            case STOPPED -> STOPPED;
            case SHUTDOWN -> SHUTDOWN_DETAIL;
            case PMSUSPENDED -> PMSUSPENDED;
            case CRASHED -> CRASHED_DETAIL;
        };
        return word(words, detail).toLowerCase(Locale.ROOT);
    }

    private static String word(List<String> words, int index) {
        return index >= 0 && index < words.size() ? words.get(index) : UNKNOWN;
    }
}
