package org.iaasengine.examples.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.iaasengine.agent.AgentSettings;
import org.iaasengine.examples.agent.LibvirtAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code iaas agent}: runs the host agent of one libvirt host until SIGTERM (or Ctrl-C), which
 * stops it gracefully. Settings come from {@code --settings FILE}, then {@code IAAS_AGENT_*}
 * environment variables, then these options (see {@code dist/agent.properties.example}).
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Runs the host agent of one libvirt host: consumes its job queue on RabbitMQ until SIGTERM.",
        footerHeading = "%nExample:%n", footer = {
            "  iaas agent --settings /etc/iaas-engine/agent.properties",
            "  iaas --uri qemu:///system agent --node host-a --broker amqps://broker:5671/iaas \\",
            "       --broker-credentials /etc/iaas-engine/broker.credentials --broker-ca /etc/iaas-engine/ca.pem",
        })
final class AgentCommand implements Callable<Integer> {
    @ParentCommand
    IaasCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--settings", paramLabel = "FILE", description = "The agent's settings file (Java properties).")
    Path settings;

    @Option(names = "--node", paramLabel = "NAME", description = "This host's node name.")
    String node;

    @Option(names = "--broker", paramLabel = "URL", description = "amqps://host:5671/vhost (or amqp://).")
    String broker;

    @Option(names = "--broker-credentials", paramLabel = "FILE",
            description = "username= and password= (readable by its owner only).")
    Path credentials;

    @Option(names = "--broker-ca", paramLabel = "FILE", description = "The CA (PEM) the broker's certificate is checked with.")
    Path ca;

    @Option(names = "--peer", paramLabel = "NAME=URI", description = "A host this agent may migrate to (repeatable).")
    List<String> peers;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Prometheus endpoint port (0: any, off: none).")
    String metricsPort;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other setting (repeatable).")
    Map<String, String> set;

    @Override
    public Integer call() throws Exception {
        // A daemon logs one line per job (the tool's other commands log warnings only). The
        // loggers read these when they are made, which is after this point.
        System.setProperty("org.slf4j.simpleLogger.log.org.iaasengine.agent", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.iaasengine.examples.agent", "info");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        Map<String, String> flags = new LinkedHashMap<>();
        if (set != null) {
            flags.putAll(set);
        }
        if (spec.parent().commandLine().getParseResult().hasMatchedOption("--uri")) {
            flags.put("uri", cli.uri);
        }
        put(flags, "node", node);
        put(flags, "broker", broker);
        put(flags, "broker.credentials", credentials);
        put(flags, "broker.ca", ca);
        put(flags, "journal", cli.journal);
        put(flags, "metrics.port", metricsPort);
        if (cli.stateDir != null) {
            flags.put("state.dir", cli.stateDir.toString());
        }
        put(flags, "templates", cli.templates);
        put(flags, "storage", cli.storage);
        if (peers != null && !peers.isEmpty()) {
            flags.put("peers", String.join(",", peers));
        }
        AgentSettings s = AgentSettings.load(settings, System.getenv(), flags);
        LibvirtAgent agent = LibvirtAgent.start(s);
        Thread hook = new Thread(agent::close, "iaas-agent-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        spec.commandLine().getOut().println("agent " + s.node() + " running on " + s.uri()
                + (agent.metricsPort() >= 0 ? "; metrics on port " + agent.metricsPort() : "")
                + " (SIGTERM stops it)");
        spec.commandLine().getOut().flush();
        agent.awaitStop();
        return 0;
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
