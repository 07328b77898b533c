package org.iaasengine.examples.orchestrator;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.examples.support.EventPrinter;
import org.iaasengine.examples.support.HostReader;
import org.iaasengine.examples.support.ModelTable;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * An orchestrator that drives two libvirt hosts through one engine and one resource model: it
 * reads both hosts, creates a VM on host A, live-migrates it to host B while printing the
 * migration's progress and the model's changes (the VM goes MIGRATING, then RUNNING on B), and
 * deletes it. The two hosts share the definition store and the storage directory (shared storage,
 * as live migration of a disk needs).
 *
 * <pre>{@code
 * try (TwoHostOrchestrator o = new TwoHostOrchestrator(hostA, hostB, System.out)) {
 *     o.discover();
 *     o.create("iaas-ex-web", "base.qcow2");
 *     Vm moved = o.migrate("iaas-ex-web");          // moved.host() is host B
 *     o.delete("iaas-ex-web");
 * }
 * }</pre>
 */
public final class TwoHostOrchestrator implements AutoCloseable {
    private final LibvirtHost a;
    private final LibvirtHost b;
    private final PrintStream out;
    private final ResourceModel model = new ResourceModel();
    private final LibvirtActions actions;
    private final Engine engine;
    private final List<ModelChange> changes = new CopyOnWriteArrayList<>();
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();

    /** An orchestrator of hosts {@code a} and {@code b}, printing to {@code out}. */
    public TwoHostOrchestrator(LibvirtHost a, LibvirtHost b, PrintStream out) {
        this.a = Objects.requireNonNull(a, "a");
        this.b = Objects.requireNonNull(b, "b");
        this.out = Objects.requireNonNull(out, "out");
        EventPrinter printer = new EventPrinter(out);
        this.actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(5))
                .migrationTimeout(Duration.ofSeconds(90));
        this.engine = Engine.builder().workers(4).listener(events::add).listener(e -> {
            if (e instanceof EngineEvent.Progress || e instanceof EngineEvent.ActionSucceeded
                    || e instanceof EngineEvent.ActionFailed) {
                printer.onEvent(e);
            }
        }).build();
        model.addListener(changes::add);
        model.addListener(printer.modelListener());
    }

    /** Reads both hosts and the VMs they run into the model. */
    public void discover() {
        for (LibvirtHost h : List.of(a, b)) {
            engine.run(actions.hostInfo(h));
            HostReader.read(h, model);
        }
        out.print(ModelTable.hosts(model.snapshot().hosts().values()));
    }

    /** Creates and starts a VM on host A, its disk a linked clone of {@code template} (null: no disk). */
    public Vm create(String name, String template) {
        Vm vm = engine.run(actions.create(a, CreateRequest.builder(name).template(template).memoryMiB(32)
                .lifecycle(Lifecycle.TRANSIENT).build()));
        out.print(ModelTable.vms(List.of(vm)));
        return vm;
    }

    /** Live-migrates the VM from host A to host B; returns it as the model shows it afterwards. */
    public Vm migrate(String name) {
        Vm vm = engine.run(actions.migrate(a, b, name));
        out.print(ModelTable.vms(List.of(vm)));
        return vm;
    }

    /** Deletes the VM from whichever host the model says it is on. */
    public void delete(String name) {
        Vm vm = model.vm(name).orElseThrow(() -> new IllegalArgumentException("vm '" + name + "' is not in the model"));
        LibvirtHost on = b.name().equals(vm.host()) ? b : a;
        engine.run(actions.delete(on, name, true));
    }

    /** The model changes seen so far. */
    public List<ModelChange> changes() {
        return List.copyOf(changes);
    }

    /** The engine events seen so far. */
    public List<EngineEvent> events() {
        return List.copyOf(events);
    }

    /** The model. */
    public ResourceModel model() {
        return model;
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * Runs the scenario. Arguments: URI of host A, URI of host B, template directory, storage
     * directory (shared by both hosts), template name; defaults are the project's two test hosts
     * ({@code scripts/libvirt-up.sh}).
     */
    public static void main(String[] args) {
        String uriA = args.length > 0 ? args[0] : "qemu:///system";
        String uriB = args.length > 1 ? args[1]
                : "qemu+unix:///system?socket=/var/tmp/iaas-engine/host2/libvirt-sock";
        Path templates = Path.of(args.length > 2 ? args[2] : "/var/tmp/iaas-engine/templates");
        Path storage = Path.of(args.length > 3 ? args[3] : "/var/tmp/iaas-engine/storage/iaas-ex-orchestrator");
        String template = args.length > 4 ? args[4] : "base.qcow2";
        Path state = storage.resolve("definitions");
        try (LibvirtJavaDriver da = LibvirtJavaDriver.open(uriA); LibvirtJavaDriver db = LibvirtJavaDriver.open(uriB)) {
            DefinitionStore store = DefinitionStore.open(state);
            LibvirtHost a = LibvirtHost.builder("host-a", da).domainType("qemu").templates(templates).storage(storage)
                    .store(store).build();
            LibvirtHost b = LibvirtHost.builder("host-b", db).domainType("qemu").templates(templates).storage(storage)
                    .store(store).build();
            try (TwoHostOrchestrator o = new TwoHostOrchestrator(a, b, System.out)) {
                o.discover();
                o.create("iaas-ex-orchestrated", template);
                try {
                    o.migrate("iaas-ex-orchestrated");
                } finally {
                    o.delete("iaas-ex-orchestrated");
                }
            }
        }
    }
}
