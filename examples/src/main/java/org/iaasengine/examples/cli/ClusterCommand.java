package org.iaasengine.examples.cli;

import java.util.concurrent.Callable;
import org.iaasengine.agent.view.ClusterView;
import org.iaasengine.agent.view.LiveView;
import org.iaasengine.core.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code iaas cluster ...}: the hosts the agents report through {@code --broker}, and the live web view. */
@Command(name = "cluster", mixinStandardHelpOptions = true, subcommands = ClusterCommand.View.class,
        description = "The hosts of the cluster (--broker): a table, or the live view in a browser.")
final class ClusterCommand implements Runnable {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a cluster command is needed: hosts, view");
    }

    private Remote open() {
        InvalidInputException.check(cli.remote(), "the cluster is seen through the agents: give --broker URL "
                + "(before 'cluster')");
        return Remote.open(cli, spec);
    }

    @Command(name = "hosts", mixinStandardHelpOptions = true,
            description = "Each host heard within --discover: its agent's liveness, free memory and vCPUs "
                    + "(its CPUs less its VMs' vCPUs), its VM count.")
    int hosts() {
        try (Remote r = open()) {
            r.model(cli.host);
            var rows = ClusterView.hosts(r.orchestrator()).stream()
                    .filter(h -> cli.host == null || cli.host.equals(h.node())).toList();
            new Output(spec.commandLine().getOut(), cli.json).clusterHosts(rows);
        }
        return ExitCodes.OK;
    }

    /** {@code iaas cluster view}: serves the live view until SIGTERM. */
    @Command(name = "view", mixinStandardHelpOptions = true,
            description = "Serve the read-only live view (hosts, VMs, jobs, events; server-sent events) until "
                    + "SIGTERM or Ctrl-C.")
    static final class View implements Callable<Integer> {
        @ParentCommand
        ClusterCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
                description = "Address to listen on (default: ${DEFAULT-VALUE}, loopback only).")
        String bind;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
                description = "Port (0: any free one; default: ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            try (Remote r = parent.open(); LiveView view = LiveView.builder(r.orchestrator()).bind(bind).port(port).start()) {
                java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
                Thread hook = new Thread(stop::countDown, "iaas-view-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                spec.commandLine().getOut().println("live view on " + view.url() + " (SIGTERM stops it)");
                spec.commandLine().getOut().flush();
                stop.await();
            }
            return ExitCodes.OK;
        }
    }
}
