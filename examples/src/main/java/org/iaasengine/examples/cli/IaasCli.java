package org.iaasengine.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.FailureCategory;
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
        subcommands = {VmCommand.class, HostCommand.class, ModelCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n", footer = {
            "  iaas --uri qemu:///system vm create --name web1 --template base.qcow2 \\",
            "       --memory 512M --cpus 1",
            "  iaas vm list --json",
            "  iaas vm shutdown web1 --grace 30s",
            "  iaas vm migrate web1 --to 'qemu+unix:///system?socket=/run/host2/libvirt-sock'",
            "  iaas host stats --interval 2s",
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

    @Option(names = "--no-progress", scope = ScopeType.INHERIT,
            description = "Never draw a progress bar (it is drawn only on a terminal, never with --json).")
    boolean noProgress;

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

    /** The tool as a picocli command line whose failures map to {@link ExitCodes}. */
    public static CommandLine commandLine(DriverFactory drivers) {
        IaasCli cli = new IaasCli(drivers);
        CommandLine cl = new CommandLine(cli);
        exitCodesInHelp(cl);
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
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: vm, host or model");
    }

    DriverFactory drivers() {
        return drivers;
    }

    /** Prints a failure for a person (or as JSON) and returns its exit code. */
    int report(Exception failure, PrintWriter err) {
        int code = ExitCodes.of(failure);
        FailureCategory category = FailureCategory.of(failure);
        String message = failure.getMessage() != null ? failure.getMessage() : failure.toString();
        if (json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("category", category.name());
            error.put("exitCode", code);
            error.put("message", message);
            if (failure instanceof ActionFailedException f) {
                error.put("action", f.actionName());
                error.put("failedStep", f.failedStep());
                error.put("reverted", f.reverted());
                error.put("fullyReverted", f.fullyReverted());
            }
            err.println(Output.toJson(Map.of("error", error)));
        } else {
            err.println("iaas: " + category.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message);
        }
        err.flush();
        return code;
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
