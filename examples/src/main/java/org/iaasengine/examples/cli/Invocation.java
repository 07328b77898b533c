package org.iaasengine.examples.cli;

import java.time.Duration;
import java.util.function.Function;
import org.iaasengine.core.Action;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The common shape of a command: open a session (which reads the host), run one action with a
 * progress bar when it is long and a person watches, and print the result.
 */
final class Invocation {
    private final IaasCli cli;
    private final CommandSpec spec;

    Invocation(IaasCli cli, CommandSpec spec) {
        this.cli = cli;
        this.spec = spec;
    }

    Output output() {
        return new Output(spec.commandLine().getOut(), cli.json);
    }

    Session session(Duration shutdownGrace) {
        return Session.open(cli, shutdownGrace, spec.commandLine().getErr());
    }

    /** A bar is drawn only for a person: on a terminal, without --json or --no-progress. */
    boolean showProgress() {
        return !cli.json && !cli.noProgress && System.console() != null;
    }

    /**
     * Runs the action {@code plan} builds on the session, with a progress bar labelled {@code bar}
     * (null: none) whose time share is measured against {@code expected}.
     */
    <R> R run(Session session, Function<Session, Action<R>> plan, String bar, Duration expected) {
        Action<R> action = plan.apply(session); // bad input fails here, before anything runs
        if (bar == null || !showProgress()) {
            return session.run(action);
        }
        try (ProgressBar progress = ProgressBar.start(spec.commandLine().getErr(), bar, expected)) {
            session.listen(progress);
            return session.run(action);
        }
    }
}
