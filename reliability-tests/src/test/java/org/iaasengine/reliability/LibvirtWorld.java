package org.iaasengine.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;

/**
 * One libvirt host (or two, for migration) as a fault-injection scenario sees it: a fault-injecting
 * driver per host, a fresh model, definition store and actions per scenario, a storage directory
 * of its own, and the check that compares what the host really holds with what the model says.
 *
 * <p>What counts as what:
 * <ul>
 *   <li>a <b>leftover</b>: a domain named with the prefix that the model does not know, a disk file
 *   in the storage directory that no stored definition of a VM in the model references, a stored
 *   definition (or {@code .xml} file) of a VM the model does not know;</li>
 *   <li>a <b>divergence</b>: a VM in the model whose state differs from the host's (mapped by
 *   {@link States}), that is still owned by an action, or that the model shows but the host has
 *   neither as a domain nor as a stored transient definition;</li>
 *   <li>a leftover is <b>reported</b> when the action's {@link ActionFailedException#revertFailures()}
 *   names a step that makes that kind of thing (a domain: CreateVm, DefineVm, StartVm,
 *   StartOnDestination; a disk: CopyTemplate; a definition: CreateXml, MoveDefinition); a
 *   <b>leak</b> is a leftover that is not reported.</li>
 * </ul>
 */
final class LibvirtWorld implements AutoCloseable {
    static final Path BASE = Path.of("/var/tmp/iaas-engine");
    static final Path TEMPLATES = BASE.resolve("templates");

    /** One host: its fault-injecting driver and where it keeps disks and definitions. */
    static final class HostSide {
        final String name;
        final FaultInjectingDriver driver;
        final String domainType;
        LibvirtHost host;

        HostSide(String name, LibvirtDriver real, String domainType) {
            this.name = name;
            this.driver = new FaultInjectingDriver(real);
            this.domainType = domainType;
        }
    }

    /** What one check found. */
    record Findings(List<String> leaks, List<String> reported, List<String> divergences) {
        boolean clean() {
            return leaks.isEmpty() && divergences.isEmpty();
        }
    }

    final String prefix;
    final Path storage;
    final Path root;
    final List<HostSide> hosts = new ArrayList<>();
    DefinitionStore store;
    ResourceModel model;
    LibvirtActions actions;
    private int storeGeneration;
    /** Called before each file operation of the store made at each reset (fault injection). */
    DefinitionStore.FileHook storeHook = DefinitionStore.FileHook.NONE;

    LibvirtWorld(String prefix, Path root) throws IOException {
        this.prefix = prefix;
        this.root = root;
        this.storage = Files.createDirectories(BASE.resolve("storage").resolve(prefix + ProcessHandle.current().pid()));
    }

    LibvirtWorld host(String name, LibvirtDriver real, String domainType) {
        hosts.add(new HostSide(name, real, domainType));
        return this;
    }

    HostSide side(int i) {
        return hosts.get(i);
    }

    /** A fresh model, store and actions; the hosts are cleaned of everything this world made. */
    void reset(java.util.function.UnaryOperator<LibvirtActions> tune) {
        cleanHosts();
        storeGeneration++;
        store = DefinitionStore.open(root.resolve("definitions-" + storeGeneration), storeHook);
        model = new ResourceModel();
        for (HostSide h : hosts) {
            h.host = LibvirtHost.builder(h.name, h.driver).domainType(h.domainType).templates(TEMPLATES)
                    .storage(storage).store(store).processTimeout(Duration.ofSeconds(60)).build();
        }
        actions = tune.apply(new LibvirtActions(model));
    }

    /**
     * Waits (polling, 120 s at most) until every host answers: other engineers' suites restart the
     * shared daemons on this machine, and the libvirt-java driver reconnects on its own.
     */
    void awaitHosts() {
        for (HostSide h : hosts) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (true) {
                try {
                    h.driver.delegate().listDomains();
                    break;
                } catch (DriverException e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                }
            }
        }
    }

    /** Destroys and undefines every prefixed domain, removes disk copies and stored definitions. */
    void cleanHosts() {
        awaitHosts();
        for (HostSide h : hosts) {
            h.driver.disarm();
            LibvirtDriver d = h.driver.delegate();
            for (DomainSummary s : d.listDomains()) {
                if (s.name().startsWith(prefix)) {
                    quietly(() -> d.destroy(s.name()));
                    quietly(() -> d.undefine(s.name()));
                }
            }
        }
        for (Path f : files(storage)) {
            delete(f);
        }
        if (store != null) {
            for (StoredDefinition def : List.copyOf(store.all())) {
                store.remove(def.name());
            }
            for (Path f : files(store.directory())) {
                delete(f);
            }
        }
    }

    /** Compares every host with the model and the store after an action ended with {@code failure} (or null). */
    Findings check(ActionFailedException failure) {
        List<String> leftovers = new ArrayList<>();
        List<String> divergences = new ArrayList<>();
        Map<String, Vm> vms = model.snapshot().vms();
        Map<String, DomainSummary> everywhere = new TreeMap<>();
        for (HostSide h : hosts) {
            Map<String, DomainSummary> onHost = h.driver.delegate().listDomains().stream()
                    .filter(s -> s.name().startsWith(prefix))
                    .collect(Collectors.toMap(DomainSummary::name, s -> s, (a, b) -> a, TreeMap::new));
            for (DomainSummary s : onHost.values()) {
                everywhere.put(s.name(), s);
                Vm vm = vms.get(s.name());
                if (vm == null) {
                    leftovers.add("domain:" + h.name + "/" + s.name() + "(" + s.state() + ")");
                } else if (!h.name.equals(vm.host())) {
                    divergences.add("vm " + s.name() + " runs on " + h.name + " but the model says " + vm.host());
                } else if (States.toModel(s.state()) != vm.state()) {
                    divergences.add("vm " + s.name() + " is " + s.state() + " on " + h.name + " but "
                            + vm.state() + " in the model");
                }
            }
        }
        for (Vm vm : vms.values()) {
            if (vm.isOwned()) {
                divergences.add("vm " + vm.name() + " is still owned by " + vm.owner());
            }
            if (!everywhere.containsKey(vm.name())) {
                boolean storedOff = vm.state() == VmState.SHUTOFF && store.get(vm.name()).isPresent();
                if (!storedOff) {
                    divergences.add("vm " + vm.name() + " is " + vm.state() + " in the model but on no host"
                            + (store.get(vm.name()).isPresent() ? "" : " and not in the definition store"));
                }
            }
        }
        Set<String> referenced = new HashSet<>();
        for (StoredDefinition def : store.all()) {
            if (!vms.containsKey(def.name())) {
                leftovers.add("definition:" + def.name());
            } else {
                def.disks().forEach(p -> referenced.add(Path.of(p).toAbsolutePath().normalize().toString()));
                def.disks().stream().filter(p -> !Files.exists(Path.of(p)))
                        .forEach(p -> divergences.add("vm " + def.name() + " lost its disk " + p));
                Vm vm = vms.get(def.name());
                if (def.host() != null && vm.host() != null && !def.host().equals(vm.host())) {
                    divergences.add("vm " + def.name() + " is stored for " + def.host() + " but the model says "
                            + vm.host());
                }
            }
        }
        Set<String> storeFiles = store.all().stream().map(d -> d.uuid() + ".xml").collect(Collectors.toSet());
        for (Path f : files(store.directory())) {
            if (!storeFiles.contains(f.getFileName().toString())) {
                leftovers.add("xml-file:" + f.getFileName());
            }
        }
        for (Path f : files(storage)) {
            if (!referenced.contains(f.toAbsolutePath().normalize().toString())) {
                leftovers.add("disk:" + f.getFileName());
            }
        }
        List<String> leaks = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        Set<String> failedReverts = failure == null ? Set.of()
                : failure.revertFailures().stream().map(RevertFailure::step).collect(Collectors.toSet());
        for (String l : leftovers) {
            if (isReported(l, failedReverts)) {
                reported.add(l);
            } else {
                leaks.add(l);
            }
        }
        return new Findings(leaks, reported, divergences);
    }

    private static boolean isReported(String leftover, Set<String> failedReverts) {
        String kind = leftover.substring(0, leftover.indexOf(':'));
        Set<String> makers = switch (kind) {
            case "domain" -> Set.of("CreateVm", "DefineVm", "StartVm", "StartOnDestination", "MigrateVm");
            case "disk" -> Set.of("CopyTemplate");
            case "definition", "xml-file" -> Set.of("CreateXml", "MoveDefinition");
            default -> Set.of();
        };
        return failedReverts.stream().anyMatch(makers::contains);
    }

    static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.naturalOrder()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void quietly(Runnable r) {
        try {
            r.run();
        } catch (DriverException ignored) {
            // not running, or gone already
        }
    }

    @Override
    public void close() {
        try {
            cleanHosts();
        } finally {
            delete(storage);
            for (HostSide h : hosts) {
                h.driver.close();
            }
        }
    }
}
