package org.iaasengine.examples.embed;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.examples.support.ModelTable;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.model.ModelChange;
import org.iaasengine.model.ModelSnapshot;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * The smallest useful cloud manager on top of the library: one host, one engine, one model. It
 * submits actions asynchronously, keeps every engine event and model change it hears (a real one
 * would forward them to its UI or message bus), and turns failures into answers by their
 * category, never by their message text.
 *
 * <pre>{@code
 * try (LibvirtJavaDriver driver = LibvirtJavaDriver.open("test:///default");
 *      MinimalCloudManager cloud = new MinimalCloudManager(host)) {
 *     Vm web = cloud.provision("web1", 64).join();   // CompletableFuture<Vm>
 *     cloud.stop("web1");
 *     System.out.print(ModelTable.render(cloud.model()));
 * }
 * }</pre>
 */
public final class MinimalCloudManager implements AutoCloseable {
    private final LibvirtHost host;
    private final ResourceModel model = new ResourceModel();
    private final LibvirtActions actions;
    private final Engine engine;
    private final List<EngineEvent> events = new CopyOnWriteArrayList<>();
    private final List<ModelChange> changes = new CopyOnWriteArrayList<>();

    /** A cloud manager of one host. */
    public MinimalCloudManager(LibvirtHost host) {
        this.host = Objects.requireNonNull(host, "host");
        // The actions write their results into the model; the engine runs them.
        this.actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(30));
        this.engine = Engine.builder().workers(4).listener(events::add).build();
        model.addListener(changes::add);
    }

    /** Reads the host (HostInfo) into the model. */
    public void discoverHost() {
        engine.run(actions.hostInfo(host));
    }

    /** Creates and starts a VM; the future completes when it runs (or fails with an ActionFailedException). */
    public CompletableFuture<Vm> provision(String name, long memoryMiB) {
        // Building the action checks the request: bad input throws here, before anything happens.
        ActionHandle<Vm> handle = engine.submit(actions.create(host,
                CreateRequest.builder(name).memoryMiB(memoryMiB).vcpus(1).build()));
        return handle.future();
    }

    /** Shuts a VM down (blocking); an unknown VM is an answer, not an error. */
    public String stop(String name) {
        try {
            return engine.run(actions.shutdown(host, name)).state().name();
        } catch (ActionFailedException e) {
            if (e.category() == FailureCategory.NOT_FOUND) {
                return "no such vm";
            }
            throw e;
        }
    }

    /** Starts a stopped VM (blocking). */
    public Vm start(String name) {
        return engine.run(actions.start(host, name));
    }

    /** Deletes a VM and its disks (blocking). */
    public void delete(String name) {
        engine.run(actions.delete(host, name, true));
    }

    /** A consistent view of hosts and VMs. */
    public ModelSnapshot model() {
        return model.snapshot();
    }

    /** The engine events heard so far, in order. */
    public List<EngineEvent> events() {
        return List.copyOf(events);
    }

    /** The model changes heard so far, in order. */
    public List<ModelChange> changes() {
        return List.copyOf(changes);
    }

    @Override
    public void close() {
        engine.close();
    }

    /**
     * Runs the example on libvirt's test driver (or the URI given as the first argument): two VMs
     * created in parallel, one stopped and started, both deleted, the model printed in between.
     */
    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "test:///default";
        run(uri, System.out);
    }

    /** The example's scenario; returns the model as it was before the deletes. */
    public static ModelSnapshot run(String uri, PrintStream out) throws Exception {
        Path state = Files.createTempDirectory("iaas-cloud-");
        try (LibvirtJavaDriver driver = LibvirtJavaDriver.open(uri)) {
            LibvirtHost host = LibvirtHost.builder("host-a", driver)
                    .domainType(uri.startsWith("test:") ? "test" : "qemu")
                    .store(DefinitionStore.open(state.resolve("definitions")))
                    .storage(state.resolve("storage"))
                    .build();
            try (MinimalCloudManager cloud = new MinimalCloudManager(host)) {
                cloud.discoverHost();
                List<CompletableFuture<Vm>> created = new ArrayList<>();
                for (String name : List.of("iaas-ex-cloud-web", "iaas-ex-cloud-db")) {
                    created.add(cloud.provision(name, 64));
                }
                CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
                out.println("stop iaas-ex-cloud-db: " + cloud.stop("iaas-ex-cloud-db"));
                out.println("stop iaas-ex-cloud-ghost: " + cloud.stop("iaas-ex-cloud-ghost"));
                cloud.start("iaas-ex-cloud-db");
                ModelSnapshot before = cloud.model();
                out.print(ModelTable.render(before));
                cloud.delete("iaas-ex-cloud-web");
                cloud.delete("iaas-ex-cloud-db");
                long succeeded = cloud.events().stream().filter(e -> e instanceof EngineEvent.ActionSucceeded).count();
                out.println(succeeded + " actions succeeded, " + cloud.changes().size() + " model changes heard");
                return before;
            }
        } finally {
            try (var files = Files.walk(state)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
