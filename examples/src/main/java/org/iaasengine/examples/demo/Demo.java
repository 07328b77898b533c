package org.iaasengine.examples.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Engine;
import org.iaasengine.examples.cli.Values;
import org.iaasengine.examples.support.EventPrinter;
import org.iaasengine.examples.support.HostReader;
import org.iaasengine.examples.support.ModelTable;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ResourceModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The README's demo. Creates a few VMs, suspends and resumes one, shuts them all down, starts them
 * again, reboots one and deletes them all, printing the resource model as a table after each step
 * and the engine's events and model changes as they happen. By default it runs on libvirt's test
 * driver, opened in process by libvirt-java: no daemon needed. {@code --uri qemu:///system} runs
 * the same steps on a real host (domain type qemu, no disk unless {@code --template} is given).
 *
 * <pre>{@code
 * ./demo                                # test:///default
 * ./demo --uri qemu:///system           # a real libvirtd
 * }</pre>
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs VMs through their lifecycle on a libvirt host and prints the model after each step.")
public final class Demo implements Callable<Integer> {

    @Option(names = "--uri", description = "libvirt URI (default: ${DEFAULT-VALUE}, in process, no daemon)",
            defaultValue = "test:///default")
    String uri;

    @Option(names = "--vms", description = "how many VMs to create (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int count;

    @Option(names = "--prefix", description = "name prefix of the demo's VMs (default: ${DEFAULT-VALUE})",
            defaultValue = "iaas-ex-demo-")
    String prefix;

    @Option(names = "--template", description = "template image to copy for each VM's disk (default: no disk)")
    String template;

    @Option(names = "--templates", description = "template directory (default: ${DEFAULT-VALUE})",
            defaultValue = "/var/tmp/iaas-engine/templates")
    Path templates;

    @Option(names = "--storage", description = "where disk copies go (default: a temporary directory)")
    Path storage;

    @Option(names = "--grace", description = "how long a guest may take to shut down before it is destroyed "
            + "(default: ${DEFAULT-VALUE})", defaultValue = "PT3S", converter = Values.DurationConverter.class)
    Duration grace;

    private final PrintStream out;
    private final Function<String, LibvirtDriver> drivers;

    /** A demo printing to {@code out} and opening hosts with libvirt-java. */
    public Demo(PrintStream out) {
        this(out, LibvirtJavaDriver::open);
    }

    /** A demo printing to {@code out} and opening hosts with {@code drivers}. */
    public Demo(PrintStream out, Function<String, LibvirtDriver> drivers) {
        this.out = out;
        this.drivers = drivers;
    }

    /** Runs the demo; exits 0 when every step succeeded. */
    public static void main(String[] args) {
        System.exit(commandLine(new Demo(System.out)).execute(args));
    }

    /** The demo as a command line: a failure prints one line (no stack trace) and exits 1, bad input 2. */
    public static CommandLine commandLine(Demo demo) {
        CommandLine cl = new CommandLine(demo);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            demo.out.println("demo FAILED: " + ex.getMessage());
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    @Override
    public Integer call() throws IOException {
        if (count < 1 || count > 20) {
            throw new IllegalArgumentException("--vms must be between 1 and 20, was " + count);
        }
        if (prefix.length() < 4 || prefix.chars().anyMatch(c -> c < 0x20 || c == '/')) {
            // It also names what a crashed earlier run left behind and is removed: never a short one.
            throw new IllegalArgumentException("--prefix must be at least 4 plain characters, was '" + prefix + "'");
        }
        Path state = Files.createTempDirectory("iaas-demo-");
        Path disks = storage != null ? storage : state.resolve("storage");
        boolean testDriver = uri.startsWith("test:");
        try (LibvirtDriver driver = drivers.apply(uri)) {
            LibvirtHost host = LibvirtHost.builder("host-1", driver)
                    .domainType(testDriver ? "test" : "qemu")
                    .templates(templates).storage(disks)
                    .store(DefinitionStore.open(state.resolve("definitions")))
                    .lifecycle(Lifecycle.PERSISTENT)
                    .build();
            removeLeftovers(driver);
            ResourceModel model = new ResourceModel();
            EventPrinter printer = new EventPrinter(out);
            model.addListener(printer.modelListener());
            LibvirtActions actions = new LibvirtActions(model).shutdownGrace(grace).acpiResend(Duration.ofSeconds(1));
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                names.add(prefix + i);
            }
            try (Engine engine = Engine.builder().listener(printer).build()) {
                out.println("IaaS Engine demo on " + uri + (testDriver ? " (libvirt's test driver, in process)" : ""));
                step(model, "read the host into the model", () -> {
                    engine.run(actions.hostInfo(host));
                    HostReader.read(host, model);
                });
                try {
                    step(model, "create " + names + " (in parallel)", () -> all(engine, names,
                            n -> actions.create(host, request(n))));
                    step(model, "suspend " + names.get(0), () -> engine.run(actions.suspend(host, names.get(0))));
                    step(model, "resume " + names.get(0), () -> engine.run(actions.resume(host, names.get(0))));
                    step(model, "shut down " + names, () -> all(engine, names, n -> actions.shutdown(host, n)));
                    step(model, "start " + names + " again", () -> all(engine, names, n -> actions.start(host, n)));
                    String last = names.get(names.size() - 1);
                    step(model, "reboot " + last, () -> engine.run(actions.reboot(host, last)));
                } finally {
                    step(model, "delete " + names, () -> all(engine, names, n -> actions.delete(host, n, true)));
                }
            }
            out.println("demo finished: every step succeeded");
            return 0;
        } finally {
            deleteTree(state);
        }
    }

    private CreateRequest request(String name) {
        return CreateRequest.builder(name).template(template).memoryMiB(uri.startsWith("test:") ? 64 : 32).vcpus(1)
                .build();
    }

    private void step(ResourceModel model, String title, Runnable work) {
        out.println();
        out.println("== " + title);
        work.run();
        out.print(ModelTable.render(model.snapshot()));
    }

    /** Submits one action per VM at once (they run in parallel) and waits for them all. */
    private static <R> void all(Engine engine, List<String> names, Function<String, Action<R>> action) {
        List<ActionHandle<R>> handles = new ArrayList<>();
        for (String n : names) {
            handles.add(engine.submit(action.apply(n)));
        }
        ActionFailedException first = null;
        for (ActionHandle<R> h : handles) {
            try {
                h.join();
            } catch (ActionFailedException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Removes domains a crashed earlier run of the demo left (only names with the demo's prefix). */
    private void removeLeftovers(LibvirtDriver driver) {
        for (DomainSummary d : driver.listDomains()) {
            if (d.name().startsWith(prefix)) {
                out.println("removing " + d.name() + ", left by an earlier run");
                if (d.state().isActive()) {
                    driver.destroy(d.name());
                }
                if (d.persistent()) {
                    driver.undefine(d.name());
                }
            }
        }
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the demo's temporary directory " + dir, e);
        }
    }
}
