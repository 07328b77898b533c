package org.iaasengine.journal;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Which process ran a journaled run: {@code host/pid/start-time}. A recovery leaves alone a run
 * whose process is alive on this machine (two {@code iaas} invocations sharing one journal file:
 * the second must not revert what the first is doing); a run whose process is gone, or of another
 * machine (where the journal's owner names tell processes apart), is recovered.
 */
final class Runner {
    static final String SELF = describe(ProcessHandle.current());

    private Runner() {
    }

    private static String describe(ProcessHandle p) {
        return hostName() + "/" + p.pid() + "/" + p.info().startInstant().map(i -> Long.toString(i.toEpochMilli()))
                .orElse("?");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** Whether {@code runner} names another process of this machine that is still alive. */
    static boolean aliveElsewhere(String runner) {
        if (runner == null || runner.equals(SELF)) {
            return false;
        }
        String[] parts = runner.split("/");
        if (parts.length != 3 || !parts[0].equals(hostName())) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        // The same pid with another start time is another process: the runner is gone.
        return p.isPresent() && p.get().isAlive() && describe(p.get()).equals(runner);
    }
}
