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
import java.util.Optional;
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
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.Lifecycle;
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
 *   <li>a <b>leftover</b>: a domain named with the prefix that the model does not know; a QEMU
 *   process of the prefix beyond the domains of its name the hosts run (a second QEMU for one name,
 *   or one no daemon lists); a libvirt status file ({@code /run/libvirt/qemu/NAME.xml}, host 2's
 *   inside its mount namespace) of a domain its host does not run; a disk file in the storage
 *   directory that no stored definition of a VM in the model references; a stored definition (or
 *   {@code .xml} file) of a VM the model does not know;</li>
 *   <li>a <b>divergence</b>: a VM in the model whose state, host or UUID differs from the host's
 *   domain (states mapped by {@link States}), that is still owned by an action, or that the model
 *   shows but no host has as a domain (only a transient VM that is off lives in the store alone; a
 *   persistent one whose definition UndefineVm removed and the failure reports not put back, a
 *   failed or halted revert, counts as a reported leftover); a
 *   stored definition whose host or UUID differs from the model's, or whose lifecycle differs from
 *   its domain's (persistent or transient), or whose disk is gone;</li>
 *   <li>a leftover is <b>reported</b> when the action's {@link ActionFailedException#revertFailures()}
 *   has a failed revert of a step that makes that kind of thing (a domain, its QEMU process or
 *   status file: CreateVm, DefineVm, StartVm, StartOnDestination, MigrateVm; a disk: CopyTemplate; a
 *   definition: CreateXml, MoveDefinition) for that VM: the action's own VM, or for a disk the file
 *   the revert's failure names), or a step of that VM that a halted revert left
 *   ({@link ActionFailedException#notReverted()}). A <b>leak</b> is a leftover that is not reported.</li>
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
    /** The hosts' image store (backups); its images made before the action are in {@link #imagesBefore}. */
    final Path images;
    /** The image files present when the action began ({@link #markImages}): a failed action may leave no other. */
    final Set<String> imagesBefore = new HashSet<>();
    final List<HostSide> hosts = new ArrayList<>();
    DefinitionStore store;
    ResourceModel model;
    LibvirtActions actions;
    private int storeGeneration;
    /**
     * Names under which a scenario defined a domain of its own behind the library's back (another
     * VM of the same name, another UUID): such a domain is not the model's VM, and is neither a
     * leftover nor a divergence. Cleared at each reset.
     */
    final Set<String> impostors = new HashSet<>();
    /** Called before each file operation of the store made at each reset (fault injection). */
    DefinitionStore.FileHook storeHook = DefinitionStore.FileHook.NONE;

    LibvirtWorld(String prefix, Path root) throws IOException {
        this.prefix = prefix;
        this.root = root;
        this.storage = Files.createDirectories(BASE.resolve("storage").resolve(prefix + ProcessHandle.current().pid()));
        this.images = root.resolve("images");
    }

    /**
     * A world of two test-driver hosts, {@code test-host-1} and {@code test-host-2}:
     * {@code test:///default} is one host per process, whatever the connection, so the second is
     * the test driver opened on a node file of its own (an empty node, written into {@code tmp}),
     * which keeps its own domains.
     */
    static LibvirtWorld ofTwoTestHosts(String prefix, Path tmp) throws IOException {
        Path node = Files.writeString(tmp.resolve("host2-node.xml"), "<node/>\n");
        return new LibvirtWorld(prefix, tmp)
                .host("test-host-1", LibvirtJavaDriver.open("test:///default"), "test")
                .host("test-host-2", LibvirtJavaDriver.open(
                        "test://" + node.toAbsolutePath()), "test");
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
        impostors.clear();
        storeGeneration++;
        open(tune);
    }

    /**
     * What a process that starts again has: the definition store read again from its directory (as
     * another process left it), an empty model, and actions on them; the hosts are not touched.
     */
    void restart(java.util.function.UnaryOperator<LibvirtActions> tune) {
        open(tune);
    }

    /** The directory of the current definition store. */
    Path storeDirectory() {
        return root.resolve("definitions-" + storeGeneration);
    }

    private void open(java.util.function.UnaryOperator<LibvirtActions> tune) {
        store = DefinitionStore.open(storeDirectory(), storeHook);
        model = new ResourceModel();
        for (HostSide h : hosts) {
            h.host = LibvirtHost.builder(h.name, h.driver).domainType(h.domainType).templates(TEMPLATES)
                    .storage(storage).images(images).store(store).processTimeout(Duration.ofSeconds(60)).build();
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
        for (Path f : files(storage.resolve("volumes"))) {
            delete(f);
        }
        for (Path f : files(storage)) {
            delete(f);
        }
        for (Path f : files(images)) {
            delete(f);
        }
        imagesBefore.clear();
        if (store != null) {
            for (StoredDefinition def : List.copyOf(store.all())) {
                store.remove(def.name());
            }
            for (Path f : files(store.directory())) {
                delete(f);
            }
        }
    }

    /**
     * Compares every host with the model and the store after an action ended with {@code failure}
     * (or null). A QEMU process of the prefix that no host lists as active (or a second one for a
     * name) may be one that is still exiting: those are looked at again for up to 3 s.
     */
    /** Records the image files present now: those a failed action found, not made. */
    void markImages() {
        imagesBefore.clear();
        files(images).forEach(f -> imagesBefore.add(f.getFileName().toString()));
    }

    Findings check(ActionFailedException failure) {
        Findings f = checkOnce(failure);
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (f.leaks().stream().anyMatch(l -> l.startsWith("qemu:")) && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            f = checkOnce(failure);
        }
        return f;
    }

    /** A thing left on a host or in the store: its kind, the VM (or file) it is of, and what it is. */
    private record Leftover(String kind, String subject, String text) {
    }

    private Findings checkOnce(ActionFailedException failure) {
        List<Leftover> leftovers = new ArrayList<>();
        List<String> divergences = new ArrayList<>();
        Map<String, Vm> vms = model.snapshot().vms();
        Map<String, DomainSummary> everywhere = new TreeMap<>();
        Map<String, Integer> activeListings = new TreeMap<>();
        for (HostSide h : hosts) {
            Map<String, DomainSummary> onHost = h.driver.delegate().listDomains().stream()
                    .filter(s -> s.name().startsWith(prefix))
                    .collect(Collectors.toMap(DomainSummary::name, s -> s, (a, b) -> a, TreeMap::new));
            onHost.values().removeIf(s -> impostors.contains(s.name()) && vms.containsKey(s.name())
                    && !java.util.Objects.equals(vms.get(s.name()).uuid(), s.uuid()));
            for (DomainSummary s : onHost.values()) {
                everywhere.put(s.name(), s);
                if (s.state().isActive()) {
                    activeListings.merge(s.name(), 1, Integer::sum);
                }
                Vm vm = vms.get(s.name());
                if (vm == null) {
                    leftovers.add(new Leftover("domain", s.name(), "domain:" + h.name + "/" + s.name() + "("
                            + s.state() + ")"));
                } else if (!h.name.equals(vm.host())) {
                    divergences.add("vm " + s.name() + " is on " + h.name + " but the model says " + vm.host());
                } else if (States.toModel(s.state()) != vm.state()
                        // HALTING: a soft power-off was sent; the guest runs until it goes, or is off.
                        && vm.state() != VmState.HALTING) {
                    divergences.add("vm " + s.name() + " is " + s.state() + " on " + h.name + " but "
                            + vm.state() + " in the model");
                } else if (vm.uuid() != null && s.uuid() != null && !vm.uuid().equals(s.uuid())) {
                    divergences.add("vm " + s.name() + " has UUID " + s.uuid() + " on " + h.name + " but "
                            + vm.uuid() + " in the model");
                }
            }
            // libvirt's per-domain status file: only a domain it runs has one.
            for (Path f : statusFiles(h)) {
                String name = f.getFileName().toString().replaceFirst("\\.xml$", "");
                DomainSummary s = onHost.get(name);
                if (s == null || !s.state().isActive()) {
                    leftovers.add(new Leftover("status", name, "status-file:" + h.name + "/" + f.getFileName()
                            + (s == null ? " (no such domain)" : " (" + s.state() + ")")));
                }
            }
        }
        // QEMU processes: at most one per name, and only for a domain some host runs.
        qemuProcesses(prefix).forEach((name, pids) -> {
            int listed = activeListings.getOrDefault(name, 0);
            if (pids.size() > listed) {
                leftovers.add(new Leftover("qemu", name, "qemu:" + name + " pids=" + pids + " but " + listed
                        + " host(s) run it"));
            }
        });
        for (Vm vm : vms.values()) {
            if (vm.isOwned()) {
                divergences.add("vm " + vm.name() + " is still owned by " + vm.owner());
            }
            Optional<StoredDefinition> def = store.get(vm.name());
            if (!everywhere.containsKey(vm.name())) {
                // Only a transient VM that is off lives in the store alone: a persistent one stays defined.
                // ... or a VM that stop released from its host (host null in the model and the store).
                boolean storedOff = vm.state() == VmState.SHUTOFF
                        && def.map(d -> d.lifecycle() == Lifecycle.TRANSIENT
                                || (d.host() == null && vm.host() == null)).orElse(false);
                if (!storedOff && undefineRevertFailed(failure, vm.name())) {
                    // The failure says so: the definition it removed could not be put back.
                    leftovers.add(new Leftover("undefined", vm.name(), "undefined:" + vm.name()
                            + " (a persistent VM whose definition was removed and not defined again)"));
                } else if (!storedOff) {
                    divergences.add("vm " + vm.name() + " is " + vm.state() + " in the model but on no host"
                            + def.map(d -> " (stored " + d.lifecycle() + ")").orElse(" and not in the definition store"));
                }
            }
        }
        Set<String> referenced = new HashSet<>();
        for (StoredDefinition def : store.all()) {
            Vm vm = vms.get(def.name());
            if (vm == null) {
                leftovers.add(new Leftover("definition", def.name(), "definition:" + def.name()));
                continue;
            }
            def.disks().forEach(p -> referenced.add(Path.of(p).toAbsolutePath().normalize().toString()));
            def.disks().stream().filter(p -> !Files.exists(Path.of(p)))
                    .forEach(p -> divergences.add("vm " + def.name() + " lost its disk " + p));
            if (!java.util.Objects.equals(def.host(), vm.host())) {
                divergences.add("vm " + def.name() + " is stored for " + def.host() + " but the model says "
                        + vm.host());
            }
            if (vm.uuid() != null && !def.uuid().equals(vm.uuid())) {
                divergences.add("vm " + def.name() + " is stored with UUID " + def.uuid() + " but the model says "
                        + vm.uuid());
            }
            DomainSummary onItsHost = everywhere.get(def.name());
            if (onItsHost != null && onItsHost.persistent() != (def.lifecycle() == Lifecycle.PERSISTENT)) {
                divergences.add("vm " + def.name() + " is stored " + def.lifecycle() + " but its domain is "
                        + (onItsHost.persistent() ? "persistent" : "transient"));
            }
        }
        Set<String> storeFiles = store.all().stream().map(d -> d.uuid() + ".xml").collect(Collectors.toSet());
        for (Path f : files(store.directory())) {
            if (!storeFiles.contains(f.getFileName().toString())) {
                leftovers.add(new Leftover("xml-file", nameIn(f), "xml-file:" + f.getFileName()));
            }
        }
        for (Path f : files(storage)) {
            if (Files.isDirectory(f)) {
                continue; // the volumes' directory, checked below
            }
            if (!referenced.contains(f.toAbsolutePath().normalize().toString())) {
                leftovers.add(new Leftover("disk", f.getFileName().toString(), "disk:" + f.getFileName()));
            }
        }
        // Volumes: every file in the volumes' directory is a model volume's, every model volume has its file.
        Map<String, org.iaasengine.model.Volume> volumes = model.snapshot().volumes();
        Set<String> volumePaths = volumes.values().stream().map(v -> Path.of(v.path()).toAbsolutePath().normalize()
                .toString()).collect(Collectors.toSet());
        for (Path f : files(storage.resolve("volumes"))) {
            if (!volumePaths.contains(f.toAbsolutePath().normalize().toString())) {
                leftovers.add(new Leftover("volume", f.getFileName().toString(), "volume-file:" + f.getFileName()));
            }
        }
        for (org.iaasengine.model.Volume v : volumes.values()) {
            if (v.owner() != null) {
                divergences.add("volume " + v.id() + " is still owned by " + v.owner());
            }
            if (!Files.exists(Path.of(v.path()))) {
                divergences.add("volume " + v.id() + " is in the model but its file " + v.path() + " is gone");
            }
        }
        Set<String> imageFiles = files(images).stream().map(f -> f.getFileName().toString())
                .collect(Collectors.toSet());
        for (String f : imageFiles) {
            boolean whole = (f.endsWith(".qcow2") && imageFiles.contains(f.replaceAll("\\.qcow2$", ".json")))
                    || (f.endsWith(".json") && imageFiles.contains(f.replaceAll("\\.json$", ".qcow2")));
            if (!whole || (failure != null && !imagesBefore.contains(f))) {
                leftovers.add(new Leftover("image", f, "image:" + f));
            }
        }
        List<String> leaks = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        for (Leftover l : leftovers) {
            if (isReported(l, failure)) {
                reported.add(l.text());
            } else {
                leaks.add(l.text());
            }
        }
        return new Findings(leaks, reported, divergences);
    }

    /**
     * Whether the action's failure reports this leftover: one of its failed reverts is of a step
     * that makes this kind of thing, and of this VM (the action's own VM; a disk copy named in the
     * revert's failure). A failed revert of one VM never excuses what another left.
     */
    private static boolean isReported(Leftover leftover, ActionFailedException failure) {
        if (failure == null) {
            return false;
        }
        if (leftover.kind().equals("undefined")) {
            return true;
        }
        Set<String> makers = switch (leftover.kind()) {
            case "domain", "qemu", "status" -> Set.of("CreateVm", "DefineVm", "StartVm", "StartOnDestination",
                    "MigrateVm");
            case "disk" -> Set.of("CopyTemplate", "MakeSeed");
            case "image" -> Set.of("BackupDisk");
            case "volume" -> Set.of("CreateVolumeFile", "TrashVolumeFile");
            case "definition", "xml-file" -> Set.of("CreateXml", "MoveDefinition");
            case "undefined" -> Set.of("UndefineVm"); // undefineRevertFailed decided it already
            default -> Set.of();
        };
        String actionVm = failure.resourceKey().startsWith("vm:") ? failure.resourceKey().substring(3) : null;
        for (RevertFailure r : failure.revertFailures()) {
            if (!makers.contains(r.step())) {
                continue;
            }
            boolean ofThisVm = leftover.kind().equals("disk") || leftover.kind().equals("image")
                    || leftover.kind().equals("volume") ? causeText(r.cause()).contains(leftover.subject())
                    : leftover.subject().equals(actionVm);
            if (ofThisVm) {
                return true;
            }
        }
        // A revert halted at a failed one (haltRevertOnFailure) names the steps it left: the action's own.
        return !leftover.kind().equals("disk") && leftover.subject().equals(actionVm)
                && failure.notReverted().stream().anyMatch(makers::contains);
    }

    /**
     * Whether {@code failure} is of VM {@code vm} and reports that UndefineVm was not undone: its
     * revert failed, or a halted revert left it (non-live migration halts at a failed revert on the
     * destination, so the VM is not started again on the source while the destination may run it).
     */
    private static boolean undefineRevertFailed(ActionFailedException failure, String vm) {
        return failure != null && failure.resourceKey().equals("vm:" + vm)
                && (failure.revertFailures().stream().anyMatch(r -> r.step().equals("UndefineVm"))
                        || failure.notReverted().contains("UndefineVm"));
    }

    private static String causeText(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null && b.length() < 10_000; c = c.getCause()) {
            b.append(c).append('\n');
        }
        return b.toString();
    }

    /** The VM name in a stored definition file, or its file name when it has none. */
    private static String nameIn(Path xml) {
        try {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("<name>([^<]+)</name>")
                    .matcher(Files.readString(xml));
            return m.find() ? m.group(1) : xml.getFileName().toString();
        } catch (IOException e) {
            return xml.getFileName().toString();
        }
    }

    /**
     * Where libvirt keeps the status files of host {@code h}'s running domains, seen from this
     * process: host 1's {@code /run/libvirt/qemu}; host 2's the same path inside its daemon's mount
     * namespace (through {@code /proc/PID/root}); none for other drivers (the test driver).
     */
    static Optional<Path> statusDir(String uri) {
        if (uri.equals("qemu:///system")) {
            return Optional.of(Path.of("/run/libvirt/qemu"));
        }
        if (uri.startsWith("qemu+unix:///system?socket=" + BASE.resolve("host2"))) {
            try {
                String pid = Files.readString(BASE.resolve("host2").resolve("libvirtd.pid")).trim();
                return Optional.of(Path.of("/proc", pid, "root", "run", "libvirt", "qemu"));
            } catch (IOException e) {
                return Optional.empty(); // host 2 is not running: it has no status file either
            }
        }
        return Optional.empty();
    }

    private static List<Path> statusFiles(HostSide h) {
        return statusDir(h.driver.uri()).map(LibvirtWorld::files).orElse(List.of()).stream()
                .filter(f -> f.getFileName().toString().endsWith(".xml")).toList();
    }

    /** The QEMU processes whose {@code -name guest=NAME,...} starts with {@code prefix}, by VM name. */
    static Map<String, List<Long>> qemuProcesses(String prefix) {
        Map<String, List<Long>> found = new TreeMap<>();
        ProcessHandle.allProcesses().forEach(p -> {
            Optional<String[]> args = p.info().arguments();
            if (args.isEmpty() || !p.isAlive()) {
                return;
            }
            String[] a = args.get();
            for (int i = 0; i + 1 < a.length; i++) {
                if (a[i].equals("-name") && a[i + 1].startsWith("guest=" + prefix)) {
                    String name = a[i + 1].substring("guest=".length()).split(",", 2)[0];
                    found.computeIfAbsent(name, k -> new ArrayList<>()).add(p.pid());
                }
            }
        });
        return found;
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
