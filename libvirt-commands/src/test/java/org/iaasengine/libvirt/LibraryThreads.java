package org.iaasengine.libvirt;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The library's threads, listed by name: every thread it starts is named {@code iaas-*}. Tests
 * take a snapshot before they open something and check that closing it left none of its own.
 */
public final class LibraryThreads {
    /** The prefix of every thread the library starts. */
    public static final String PREFIX = "iaas-";

    private LibraryThreads() {
    }

    /** The library's threads alive now. */
    public static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(PREFIX))
                .collect(Collectors.toSet());
    }

    /** {@link #startedSince(Set, Duration, Predicate)} for every name. */
    public static List<String> startedSince(Set<Thread> before, Duration patience) throws InterruptedException {
        return startedSince(before, patience, name -> true);
    }

    /**
     * The names (those {@code which} accepts) of the library's threads alive now that were not in
     * {@code before}, after giving them, together, up to {@code patience} to finish ending (a pool's
     * worker may still be unwinding when close returns: it is joined, never slept on).
     */
    public static List<String> startedSince(Set<Thread> before, Duration patience, Predicate<String> which)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread t : alive()) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                break; // (join(0) would wait for ever)
            }
            if (!before.contains(t) && which.test(t.getName())) {
                t.join(left);
            }
        }
        return alive().stream().filter(t -> !before.contains(t) && which.test(t.getName())).map(Thread::getName)
                .sorted().toList();
    }
}
