package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.ActionHandle;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.DriverException;
import org.iaasengine.libvirt.libvirtjava.LibvirtJavaDriver;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;
import org.iaasengine.libvirt.store.DefinitionStore;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 300 random actions (create, start, shutdown, suspend, resume, reboot, delete, and the same
 * lifecycle actions and migrate given the wrong host) over 12 VMs, submitted from 8 threads to one
 * engine on the real libvirtd: actions on the same VM never interleave (checked from the event
 * log), nothing deadlocks, no wrong-host call succeeds on a VM that exists or changes anything (the
 * second host ends with no domain, every disk copy of a VM the model knows is still there), and at
 * the end the model equals what the host runs. Prints one summary line.
 */
class ConcurrencyIT {
    private static final String PREFIX = "iaas-rel-conc-";
    private static final int ACTIONS = 300;
    private static final int VMS = 12;
    private static final int THREADS = 8;

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void randomActionsOnTwelveVmsFromEightThreadsNeverInterleaveAndTheModelEndsEqualToTheHost()
            throws Exception {
        LibvirtJavaDriver driver = LibvirtJavaDriver.open(org.iaasengine.libvirt.driver.RealHosts.HOST1);
        LibvirtJavaDriver driver2 = LibvirtJavaDriver.open(org.iaasengine.libvirt.driver.RealHosts.HOST2);
        Path storage = Files.createDirectories(LibvirtWorld.BASE.resolve("storage").resolve("rel-conc-" + System.nanoTime()));
        DefinitionStore store = DefinitionStore.open(tmp.resolve("definitions"));
        LibvirtHost host = LibvirtHost.builder("host1", driver).domainType("qemu").templates(LibvirtWorld.TEMPLATES)
                .storage(storage).store(store).build();
        // The wrong host: shares the definition store and storage directory, as two hosts may.
        LibvirtHost wrong = LibvirtHost.builder("host2", driver2).domainType("qemu").templates(LibvirtWorld.TEMPLATES)
                .storage(storage).store(store).build();
        ResourceModel model = new ResourceModel();
        LibvirtActions actions = new LibvirtActions(model).shutdownGrace(Duration.ofMillis(500))
                .acpiResend(Duration.ofMillis(250)).actionTimeout(Duration.ofMinutes(5));
        List<EngineEvent> events = new CopyOnWriteArrayList<>();
        Engine engine = Engine.builder().workers(16).listener(e -> {
            if (e instanceof EngineEvent.ActionStarted || e instanceof EngineEvent.ActionSucceeded
                    || e instanceof EngineEvent.ActionFailed) {
                events.add(e);
            }
        }).build();
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<ActionHandle<?>> handles = new ConcurrentLinkedQueue<>();
        Map<String, Integer> kinds = new TreeMap<>();
        Map<ActionHandle<?>, String> wrongHost = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            ExecutorService submitters = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = 42 + t;
                int count = ACTIONS / THREADS + (t < ACTIONS % THREADS ? 1 : 0);
                done.add(submitters.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < count; i++) {
                        String vm = PREFIX + random.nextInt(VMS);
                        String kind = List.of("create", "start", "shutdown", "suspend", "resume", "reboot", "delete",
                                "wrong-host").get(random.nextInt(8));
                        synchronized (kinds) {
                            kinds.merge(kind, 1, Integer::sum);
                        }
                        if (kind.equals("wrong-host")) {
                            String real = List.of("start", "shutdown", "suspend", "resume", "reboot", "delete",
                                    "migrate").get(random.nextInt(7));
                            Action<?> call = real.equals("migrate") ? actions.migrate(wrong, host, vm)
                                    : plan(actions, wrong, vm, real, random);
                            ActionHandle<?> h = engine.submit(call);
                            wrongHost.put(h, real + " " + vm);
                            handles.add(h);
                        } else {
                            handles.add(engine.submit(plan(actions, host, vm, kind, random)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(1, TimeUnit.MINUTES);
            }
            submitters.shutdown();
            // No deadlock: every action finishes.
            CompletableFuture<?>[] all = handles.stream().map(h -> h.future().exceptionally(e -> null))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(all).get(12, TimeUnit.MINUTES);
            assertThat(handles).hasSize(ACTIONS);

            int failed = 0;
            int unreverted = 0;
            int refused = 0;
            List<String> wrongHostDamage = new ArrayList<>();
            for (ActionHandle<?> h : handles) {
                String wrongCall = wrongHost.get(h);
                try {
                    Object result = h.join();
                    // Only a call on a VM that exists nowhere may "succeed" (deleting nothing).
                    if (wrongCall != null && result != null) {
                        wrongHostDamage.add(wrongCall + " on the wrong host succeeded: " + result);
                    }
                } catch (ActionFailedException e) {
                    failed++;
                    if (!e.fullyReverted()) {
                        unreverted++;
                    }
                    if (wrongCall != null) {
                        if (e.category() == org.iaasengine.core.FailureCategory.CONFLICT) {
                            refused++;
                        } else if (e.category() != org.iaasengine.core.FailureCategory.NOT_FOUND) {
                            wrongHostDamage.add(wrongCall + " on the wrong host failed " + e.category() + ": "
                                    + e.getMessage());
                        }
                    }
                }
            }
            for (DomainSummary d : driver2.listDomains()) {
                if (d.name().startsWith(PREFIX)) {
                    wrongHostDamage.add(d.name() + " is on the wrong host");
                }
            }
            for (Vm vm : model.snapshot().vms().values()) {
                for (String disk : store.get(vm.name()).map(d -> d.disks()).orElse(List.of())) {
                    if (!Files.exists(Path.of(disk))) {
                        wrongHostDamage.add(vm.name() + " lost its disk " + disk);
                    }
                }
            }
            int overlaps = overlaps(events);
            List<String> divergences = divergences(model, driver, host);
            System.out.printf("RELIABILITY concurrency: actions=%d vms=%d threads=%d succeeded=%d failed=%d "
                    + "unreverted=%d overlaps=%d divergences=%d wrong-host=%d refused=%d wrong-host-damage=%d "
                    + "kinds=%s (%d s)%n", ACTIONS, VMS, THREADS,
                    ACTIONS - failed, failed, unreverted, overlaps, divergences.size(), wrongHost.size(), refused,
                    wrongHostDamage.size(), kinds, Duration.ofNanos(System.nanoTime() - t0).toSeconds());
            assertThat(overlaps).isZero();
            assertThat(divergences).isEmpty();
            assertThat(wrongHostDamage).isEmpty();
            assertThat(refused).isPositive();
        } finally {
            engine.close(Duration.ofSeconds(30));
            for (LibvirtJavaDriver d1 : List.of(driver, driver2)) {
                for (DomainSummary d : d1.listDomains()) {
                    if (d.name().startsWith(PREFIX)) {
                        LibvirtWorld.quietly(() -> d1.destroy(d.name()));
                        LibvirtWorld.quietly(() -> d1.undefine(d.name()));
                    }
                }
            }
            driver2.close();
            for (Path f : LibvirtWorld.files(storage)) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(storage);
            driver.close();
        }
    }

    private static Action<?> plan(LibvirtActions actions, LibvirtHost host, String vm, String kind, Random random) {
        return switch (kind) {
            case "create" -> actions.create(host, CreateRequest.builder(vm).memoryMiB(32)
                    .template(random.nextBoolean() ? "base.qcow2" : null)
                    .lifecycle(random.nextBoolean() ? Lifecycle.PERSISTENT : Lifecycle.TRANSIENT).build());
            case "start" -> actions.start(host, vm);
            case "shutdown" -> actions.shutdown(host, vm);
            case "suspend" -> actions.suspend(host, vm);
            case "resume" -> actions.resume(host, vm);
            case "reboot" -> actions.reboot(host, vm);
            case "delete" -> actions.delete(host, vm, true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Pairs of actions on the same resource key whose [start, end] intervals overlap. */
    static int overlaps(List<EngineEvent> events) {
        Map<String, Instant> started = new HashMap<>();
        Map<String, List<Instant[]>> byKey = new HashMap<>();
        for (EngineEvent e : events) {
            if (e instanceof EngineEvent.ActionStarted) {
                started.put(e.actionId(), e.at());
            } else {
                Instant s = started.get(e.actionId());
                if (s != null) {
                    byKey.computeIfAbsent(e.resourceKey(), k -> new ArrayList<>()).add(new Instant[] {s, e.at()});
                }
            }
        }
        int n = 0;
        for (List<Instant[]> spans : byKey.values()) {
            spans.sort((a, b) -> a[0].compareTo(b[0]));
            for (int i = 1; i < spans.size(); i++) {
                if (spans.get(i)[0].isBefore(spans.get(i - 1)[1])) {
                    n++;
                }
            }
        }
        return n;
    }

    /** VMs whose model state differs from the host, and prefixed domains the model does not know. */
    private static List<String> divergences(ResourceModel model, LibvirtJavaDriver driver, LibvirtHost host) {
        List<String> out = new ArrayList<>();
        Map<String, DomainSummary> onHost = new HashMap<>();
        for (DomainSummary d : driver.listDomains()) {
            if (d.name().startsWith(PREFIX)) {
                onHost.put(d.name(), d);
            }
        }
        for (Vm vm : model.snapshot().vms().values()) {
            DomainSummary d = onHost.get(vm.name());
            if (vm.isOwned()) {
                out.add(vm.name() + " still owned by " + vm.owner());
            } else if (d == null) {
                boolean storedOff = host.store().get(vm.name()).isPresent()
                        && vm.state() == org.iaasengine.model.VmState.SHUTOFF;
                if (!storedOff) {
                    out.add(vm.name() + " is " + vm.state() + " in the model but not on the host");
                }
            } else if (States.toModel(d.state()) != vm.state()) {
                out.add(vm.name() + " is " + vm.state() + " in the model but " + d.state() + " on the host");
            }
        }
        for (String name : onHost.keySet()) {
            if (model.vm(name).isEmpty()) {
                out.add(name + " runs on the host but is not in the model");
            }
        }
        return out;
    }
}
