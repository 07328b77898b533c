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
 * engine on the real libvirtd: actions on the same VM never interleave (checked from the driver
 * calls both hosts saw, each tied to the action whose thread made it), nothing deadlocks, no action
 * is left unreverted, no wrong-host call succeeds on a VM that exists or changes anything, and at
 * the end {@link LibvirtWorld#check} finds nothing: no domain, QEMU process, status file, disk copy
 * or stored definition the model does not account for, and the model equals what the hosts run.
 * Prints one summary line.
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
        // The world's leak check (domains, QEMU processes, status files, disks, stored definitions).
        LibvirtWorld world = new LibvirtWorld(PREFIX, tmp).host("host1", driver, "qemu").host("host2", driver2, "qemu");
        Path storage = world.storage;
        DefinitionStore store = DefinitionStore.open(tmp.resolve("definitions"));
        ResourceModel model = new ResourceModel();
        world.store = store;
        world.model = model;
        FaultInjectingDriver seen1 = world.side(0).driver;
        FaultInjectingDriver seen2 = world.side(1).driver;
        LibvirtHost host = LibvirtHost.builder("host1", seen1).domainType("qemu").templates(LibvirtWorld.TEMPLATES)
                .storage(storage).store(store).build();
        // The wrong host: shares the definition store and storage directory, as two hosts may.
        LibvirtHost wrong = LibvirtHost.builder("host2", seen2).domainType("qemu").templates(LibvirtWorld.TEMPLATES)
                .storage(storage).store(store).build();
        LibvirtActions actions = new LibvirtActions(model).shutdownGrace(Duration.ofMillis(500))
                .acpiResend(Duration.ofMillis(250)).actionTimeout(Duration.ofMinutes(5));
        // Which action each engine thread runs now (from the engine's events, sent on the run's
        // thread), and every driver call with the action that made it.
        Map<Thread, String> running = new java.util.concurrent.ConcurrentHashMap<>();
        List<SeenCall> seen = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<FaultInjectingDriver.Call> observer = c -> seen.add(
                new SeenCall(running.get(Thread.currentThread()), c));
        seen1.observe(observer);
        seen2.observe(observer);
        Engine engine = Engine.builder().workers(16).listener(e -> {
            if (e instanceof EngineEvent.ActionSucceeded || e instanceof EngineEvent.ActionFailed) {
                running.remove(Thread.currentThread());
            } else if (e.actionId() != null) {
                running.put(Thread.currentThread(), e.actionId());
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
            seen1.observe(null);
            seen2.observe(null);
            List<String> overlaps = overlaps(seen);
            long unattributed = seen.stream().filter(c -> c.actionId() == null).count();
            LibvirtWorld.Findings found = world.check(null);
            System.out.printf("RELIABILITY concurrency: actions=%d vms=%d threads=%d succeeded=%d failed=%d "
                    + "unreverted=%d driver-calls=%d overlaps=%d unattributed-calls=%d leftovers=%d divergences=%d "
                    + "wrong-host=%d refused=%d wrong-host-damage=%d kinds=%s (%d s)%n", ACTIONS, VMS, THREADS,
                    ACTIONS - failed, failed, unreverted, seen.size(), overlaps.size(), unattributed,
                    found.leaks().size(), found.divergences().size(), wrongHost.size(), refused,
                    wrongHostDamage.size(), kinds, Duration.ofNanos(System.nanoTime() - t0).toSeconds());
            assertThat(unreverted).as("actions left unreverted").isZero();
            assertThat(overlaps).as("driver calls of two actions on one VM interleaved").isEmpty();
            assertThat(unattributed).as("driver calls made outside any action").isZero();
            assertThat(found.leaks()).as("left on the hosts, in the store or the storage directory").isEmpty();
            assertThat(found.divergences()).as("model against the hosts and the store").isEmpty();
            assertThat(wrongHostDamage).isEmpty();
            assertThat(refused).isPositive();
        } finally {
            engine.close(Duration.ofSeconds(30));
            world.close(); // removes every prefixed domain, disk copy and stored definition; closes the drivers
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

    /** A driver call and the action (by id) whose thread made it, or null. */
    record SeenCall(String actionId, FaultInjectingDriver.Call call) {
    }

    /**
     * The interleavings the drivers saw: for each domain, the span from an action's first call on
     * it to its last; two actions whose spans on one domain overlap ran at the same time on that VM.
     */
    static List<String> overlaps(List<SeenCall> calls) {
        Map<String, Map<String, long[]>> spans = new TreeMap<>();
        for (SeenCall c : calls) {
            if (c.call().domain() == null || c.actionId() == null) {
                continue;
            }
            long[] span = spans.computeIfAbsent(c.call().domain(), k -> new HashMap<>())
                    .computeIfAbsent(c.actionId(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            span[0] = Math.min(span[0], c.call().startNanos());
            span[1] = Math.max(span[1], c.call().endNanos());
        }
        List<String> out = new ArrayList<>();
        spans.forEach((domain, byAction) -> {
            List<Map.Entry<String, long[]>> sorted = new ArrayList<>(byAction.entrySet());
            sorted.sort((x, y) -> Long.compare(x.getValue()[0], y.getValue()[0]));
            Map.Entry<String, long[]> latest = null; // the span seen so far that ends last
            for (Map.Entry<String, long[]> e : sorted) {
                if (latest != null && e.getValue()[0] < latest.getValue()[1]) {
                    out.add(domain + ": " + latest.getKey() + " and " + e.getKey());
                }
                if (latest == null || e.getValue()[1] > latest.getValue()[1]) {
                    latest = e;
                }
            }
        });
        return out;
    }
}
