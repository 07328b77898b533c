package org.iaasengine.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Visible;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code iaas} tool: unit-level scripting of one libvirt host. Every invocation does one thing
 * and exits with a code a script can test ({@link ExitCodes}); {@code --json} prints
 * machine-readable output (and errors as JSON on stderr).
 *
 * <pre>{@code
 * iaas --uri qemu:///system vm create --name web1 --template base.qcow2 --memory 512M --cpus 1
 * iaas vm list --json
 * iaas vm migrate web1 --to qemu+ssh://host-b/system
 * }</pre>
 *
 * <p>Embedding the tool (tests do): {@code IaasCli.commandLine(factory).execute(args)}.
 */
@Command(name = "iaas", mixinStandardHelpOptions = true, version = "iaas (IaaS Engine) 0.1.0",
        description = "Scripts single VM and host operations on a libvirt host through IaaS Engine actions.",
        subcommands = {VmCommand.class, VolumeCommand.class, ImageCommand.class, HostCommand.class, ModelCommand.class,
                JournalCommand.class, AgentCommand.class, JobsCommand.class, ClusterCommand.class,
                PowerVmCommand.class, PowerVmSimCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n", footer = {
            "  iaas --uri qemu:///system vm create --name web1 --template base.qcow2 \\",
            "       --memory 512M --cpus 1",
            "  iaas vm list --json",
            "  iaas vm shutdown web1 --grace 30s",
            "  iaas vm migrate web1 --to 'qemu+unix:///system?socket=/run/host2/libvirt-sock'",
            "  iaas host stats --interval 2s",
            "  iaas journal list",
            "  iaas --broker amqps://broker:5671/iaas --broker-credentials ~/.iaas/broker.credentials \\",
            "       vm create --host host-a --name web1 --memory 512M",
            "  iaas --broker amqps://broker:5671/iaas --broker-credentials FILE jobs list",
        })
public final class IaasCli implements Runnable {

    @Option(names = "--uri", scope = ScopeType.INHERIT, paramLabel = "URI",
            defaultValue = "${env:LIBVIRT_DEFAULT_URI:-qemu:///system}",
            description = "libvirt URI of the host (default: $LIBVIRT_DEFAULT_URI or qemu:///system; "
                    + "test:///default is libvirt's in-process test driver).")
    String uri;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of tables; errors as JSON on stderr.")
    boolean json;

    @Option(names = "--state-dir", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where the definitions of the VMs the tool created are kept (default: /var/lib/iaas-engine "
                    + "as root, else $XDG_STATE_HOME/iaas-engine or ~/.local/state/iaas-engine).")
    Path stateDir;

    @Option(names = "--templates", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Template image directory (default: /var/lib/iaas-engine/templates as root, else "
                    + "~/.local/share/iaas-engine/templates).")
    Path templates;

    @Option(names = "--storage", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Where disk copies are written (default: /var/lib/iaas-engine/storage as root, else "
                    + "~/.local/share/iaas-engine/storage).")
    Path storage;

    @Option(names = "--images", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "The image store: where backups are written and read (default: /var/lib/iaas-engine/images "
                    + "as root, else ~/.local/share/iaas-engine/images).")
    Path images;

    @Option(names = "--driver", scope = ScopeType.INHERIT, paramLabel = "KIND", defaultValue = "libvirt-java",
            converter = DriverKindConverter.class,
            description = "libvirt-java (in process, default) or virsh.")
    DriverFactory.Kind driverKind;

    @Option(names = "--domain-type", scope = ScopeType.INHERIT, paramLabel = "TYPE",
            description = "Domain type of created VMs: kvm, qemu (no KVM) or test (default: test for test:// URIs, "
                    + "kvm when /dev/kvm exists, else qemu).")
    String domainType;

    @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "10m",
            converter = Values.DurationConverter.class,
            description = "Deadline of each action, e.g. 30s, 10m (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--journal", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The SQLite journal of the actions the tool runs, from which a run that died is "
                    + "finished or reverted by the next one (default: journal.db in the state directory).")
    Path journal;

    @Option(names = "--no-journal", scope = ScopeType.INHERIT,
            description = "Run without a journal: an action cut short by the death of the tool is not recovered.")
    boolean noJournal;

    @Option(names = "--no-progress", scope = ScopeType.INHERIT,
            description = "Never draw a progress bar (it is drawn only on a terminal, never with --json).")
    boolean noProgress;

    // ---------------------------------------------------------------- remote: through the orchestrator client

    @Option(names = "--broker", paramLabel = "URL",
            description = "Run vm and host commands as jobs for the host agents over this broker "
                    + "(amqps://host:5671/vhost or amqp://) instead of a local libvirt connection; needed by jobs "
                    + "and cluster. Put it before the command.")
    String broker;

    @Option(names = "--broker-credentials", paramLabel = "FILE",
            description = "username= and password= for --broker (readable by its owner only; never on the command line).")
    Path brokerCredentials;

    @Option(names = "--broker-ca", paramLabel = "FILE", description = "The CA (PEM) the broker's certificate is checked with.")
    Path brokerCa;

    @Option(names = "--orchestrator", paramLabel = "NAME",
            description = "The orchestrator name of this tool on the broker: its reply queue and its jobs "
                    + "(default: iaas-cli-<user>).")
    String orchestrator;

    @Option(names = "--job-store", paramLabel = "FILE|URL",
            description = "Where the jobs are kept across invocations: a SQLite file (default: jobs.db in the state "
                    + "directory) or a jdbc:postgresql: URL (with --job-store-credentials).")
    String jobStore;

    @Option(names = "--job-store-credentials", paramLabel = "FILE",
            description = "username= and password= of a PostgreSQL job store (readable by its owner only).")
    Path jobStoreCredentials;

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "NODE",
            description = "With --broker: the node whose agent runs the command (default for a command on a VM: "
                    + "the host the cluster model has it on).")
    String host;

    @Option(names = "--no-wait", scope = ScopeType.INHERIT,
            description = "With --broker: submit the job, print its id and return (iaas jobs watch ID follows it).")
    boolean noWait;

    @Option(names = "--discover", scope = ScopeType.INHERIT, paramLabel = "DURATION", defaultValue = "5s",
            converter = Values.DurationConverter.class,
            description = "With --broker: how long to wait for the agents' heartbeats and models when a command "
                    + "reads the cluster (default: ${DEFAULT-VALUE}).")
    Duration discover;

    /** True when commands go through the orchestrator client ({@code --broker}). */
    boolean remote() {
        return broker != null;
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final DriverFactory drivers;

    /** The tool reaching hosts through {@code drivers}. */
    public IaasCli(DriverFactory drivers) {
        this.drivers = Objects.requireNonNull(drivers, "drivers");
    }

    /** Runs the tool and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine(DriverFactory.DEFAULT).execute(args));
    }

    /**
     * The tool as a picocli command line whose failures map to {@link ExitCodes}. Every argument is
     * taken as it is: {@code @file} is a value like any other, never the contents of a file (picocli
     * would otherwise splice a file's words into the command line), and an option that takes a value
     * takes the next argument even when it starts with '-', as getopt does ({@code --name --all},
     * {@code --name=-h}: names the library accepts).
     */
    public static CommandLine commandLine(DriverFactory drivers) {
        IaasCli cli = new IaasCli(drivers);
        CommandLine cl = new CommandLine(cli);
        cl.setExpandAtFiles(false);
        cl.setAllowOptionsAsOptionParameters(true);
        exitCodesInHelp(cl);
        cl.setParameterExceptionHandler(cli::reportUsageError);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> cli.report(ex, cmd.getErr()));
        return cl;
    }

    /** Every command's {@code --help} lists the exit codes. */
    private static void exitCodesInHelp(CommandLine cl) {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "Done.");
        codes.put("1", "Failure: the host failed or could not be reached.");
        codes.put("2", "Invalid input: usage error, bad value, rejected name or template.");
        codes.put("3", "Not found: no such VM, template or host.");
        codes.put("4", "Conflict: the VM exists already, or its state forbids the operation.");
        codes.put("5", "Timeout: a deadline passed.");
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
        for (CommandLine sub : cl.getSubcommands().values()) {
            exitCodesInHelp(sub);
        }
    }

    @Override
    public void run() {
        // `iaas` alone: show what it can do.
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a command is needed: vm, volume, image, host, model, journal, agent, jobs, cluster, powervm or powervm-sim");
    }

    DriverFactory drivers() {
        return drivers;
    }

    /** Prints a failure for a person (or as JSON) and returns its exit code. */
    int report(Exception failure, PrintWriter err) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (failure instanceof Remote.JobFailedException j) {
            details.put("jobId", j.answer().jobId());
            details.put("node", j.answer().node());
            details.put("outcome", j.answer().outcome().name());
            details.put("action", j.action());
            if (j.answer().failure() != null) {
                details.put("failedStep", j.answer().failure().failedStep());
                details.put("reverted", j.answer().failure().reverted());
                details.put("fullyReverted", j.answer().failure().revertFailures().isEmpty());
            }
        }
        if (failure instanceof ActionFailedException f) {
            details.put("action", f.actionName());
            details.put("failedStep", f.failedStep());
            details.put("reverted", f.reverted());
            details.put("fullyReverted", f.fullyReverted());
        }
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        printError(FailureCategory.of(failure), message, details, json, err);
        return ExitCodes.of(failure);
    }

    /**
     * A usage error (picocli's: a bad or missing value, an unknown option or command) is invalid
     * input: exit code 2, printed as every other failure is, then the usage of the command (or
     * picocli's suggestions) for a person.
     */
    private int reportUsageError(CommandLine.ParameterException failure, String[] args) {
        // The parse may have stopped before it reached --json.
        boolean asJson = json || java.util.Arrays.asList(args).contains("--json");
        CommandLine cmd = failure.getCommandLine();
        PrintWriter err = cmd.getErr();
        printError(FailureCategory.INVALID_INPUT, String.valueOf(failure.getMessage()), Map.of(), asJson, err);
        if (!asJson && !CommandLine.UnmatchedArgumentException.printSuggestions(failure, err)) {
            cmd.usage(err, cmd.getColorScheme());
        }
        err.flush();
        return ExitCodes.INVALID_INPUT;
    }

    /**
     * {@code iaas: <category>: <message>}, or with --json {@code {"error": {...}}}; the values a
     * message names are shown with {@link Visible#of} (control characters and bidirectional controls
     * as escapes), in both forms.
     */
    private static void printError(FailureCategory category, String message, Map<String, Object> details,
            boolean asJson, PrintWriter err) {
        String shown = Visible.of(message);
        if (asJson) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("category", category.name());
            error.put("exitCode", ExitCodes.of(category));
            error.put("message", shown);
            error.putAll(details);
            err.println(Output.toJson(Map.of("error", error)));
        } else {
            err.println("iaas: " + category.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + shown);
        }
        err.flush();
    }

    /** Reads {@code libvirt-java} or {@code virsh}. */
    static final class DriverKindConverter implements CommandLine.ITypeConverter<DriverFactory.Kind> {
        @Override
        public DriverFactory.Kind convert(String value) {
            return switch (value) {
                case "libvirt-java" -> DriverFactory.Kind.LIBVIRT_JAVA;
                case "virsh" -> DriverFactory.Kind.VIRSH;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a driver: libvirt-java or virsh");
            };
        }
    }
}
