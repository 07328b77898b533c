package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.core.EngineListener;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Retry;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.AttachVolumeAction;
import org.iaasengine.powervm.actions.DestroyAction;
import org.iaasengine.powervm.actions.MigrateAction;
import org.iaasengine.powervm.actions.PowerOffAction;
import org.iaasengine.powervm.actions.PowerOnAction;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.simulator.SimFaults;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.VmRequest;
import org.iaasengine.powervm.spec.VolumeRequest;
import org.iaasengine.powervm.storage.DiskDriver;
import org.iaasengine.powervm.storage.LocalDiskDriver;
import org.iaasengine.powervm.storage.SspDiskDriver;
import org.iaasengine.powervm.sync.LparStates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every PowerVM VM action against the project's PowerVM REST simulator, with a fault injected at
 * every command boundary and every revert: the engine's events are counted over the whole run
 * (CommandStarted and Reverting), and at the N-th one the next REST request of any kind is made to
 * fail (HTTP 500, a dropped connection, or a VIOS busy for longer than the retries last). Then a lost
 * reply at every call: the k-th REST request the action makes takes effect and loses its answer
 * (the case that makes duplicates), for each k of the calls a clean run makes. Each scenario starts
 * from a fresh simulator; afterwards the simulator must hold the exact inventory of each VM (one
 * adapter, one boot disk, one mapping of it, no second disk, unit or mapping; see
 * {@link PowerVmInventory}), nothing the model does not account for, no job still running, and the
 * model must equal what the simulator runs. Leftovers of a step whose revert failed and was
 * reported in {@link ActionFailedException#revertFailures()} are counted as reported, not as leaks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PowerVmFaultInjectionTest {
    private static final ImageRef IMAGE = new ImageRef("rhel9", 10);
    /** The simulator's credentials: the security check looks for them in every log line and exception. */
    static final String USER = "rel-admin";
    static final String SECRET = "Rel-S3cret-9f2c7d";
    private static final String UDID = "01M0lCTTIxNDUxMjQ2MDA1MDc2ODAyODI4";
    private static final Retry FAST_RETRY = Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(5))
            .jitter(0).retryOn(FailureCategory.TRANSIENT).build();

    /** The fault put on the next REST request. */
    enum Fault {
        INTERNAL_ERROR(s -> s.faults().internalError(null, "", 1)),
        DROPPED_CONNECTION(s -> s.faults().drop(null, "", 1)),
        VIOS_BUSY_BEYOND_RETRIES(s -> s.faults().viosBusy(null, "", 3)); // as many as FAST_RETRY has attempts

        final Consumer<PowerVmSimulator> inject;

        Fault(Consumer<PowerVmSimulator> inject) {
            this.inject = inject;
        }
    }

    /** One fresh simulated world. */
    static final class World implements AutoCloseable {
        final PowerVmSimulator sim = PowerVmSimulator.builder().credentials(USER, SECRET).start();
        final PowerVmClient client = PowerVmClient.connect(sim.config().build());
        final ResourceModel model = new ResourceModel();
        final PowerVmHost hostA;
        final PowerVmHost hostB;
        final DiskDriver local;
        final DiskDriver ssp;

        World() {
            PowerVmHost.Timeouts t = new PowerVmHost.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
            hostA = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a", sim.viosUuid("vios-a"), model)
                    .withRetry(FAST_RETRY).withTimeouts(t);
            hostB = PowerVmHost.of("sim-b", client, sim.systemUuid("sim-b"), "sim-b", sim.viosUuid("vios-b"), model)
                    .withRetry(FAST_RETRY).withTimeouts(t);
            local = new LocalDiskDriver(client, sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
            ssp = new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-a"));
        }

        @Override
        public void close() {
            client.close();
            sim.close();
        }
    }

    record Scenario(String name, BiConsumer<World, Engine> setup, Function<World, Action<?>> action) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Engine engine;
    private LogCapture logs;
    private final StringBuilder exceptionTexts = new StringBuilder();
    private int exceptionsScanned;
    private int scenarios;
    private int faultsFired;
    private int lostReplies;
    private int actionsFailed;
    private int reported;
    private final List<String> leaks = new ArrayList<>();
    private final List<String> divergences = new ArrayList<>();

    @BeforeAll
    void setUp() {
        logs = LogCapture.silent();
        engine = Engine.builder().workers(2).defaultActionTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    void tearDown() {
        engine.close();
        logs.close();
        String logText = logs.text();
        String exceptions = exceptionTexts.toString();
        int secretsFound = count(logText, SECRET) + count(exceptions, SECRET) + count(logText, "Rel-S3cret")
                + count(exceptions, "Rel-S3cret");
        System.out.println("RELIABILITY security powervm-credentials: log-lines-scanned=" + logText.lines().count()
                + " exceptions-scanned=" + exceptionsScanned + " secrets-found=" + secretsFound);
        assertThat(secretsFound).as("the PowerVM password in logs or exception text").isZero();
        assertThat(logText).as("captured logs").isNotEmpty();
        System.out.println("RELIABILITY fault-injection powervm-simulator: scenarios=" + scenarios + " faults-fired="
                + faultsFired + " lost-replies=" + lostReplies + " actions-failed=" + actionsFailed
                + " reported-leftovers=" + reported + " leaks=" + leaks.size() + " divergences=" + divergences.size());
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    private static SpawnRequest spawn(String name) {
        return new SpawnRequest(name, 2048, 0.5, 1, 100, IMAGE, 20);
    }

    /** What one run counted: the command boundaries and the REST calls of the action. */
    record Counts(int boundaries, int calls) {
    }

    /**
     * Runs the scenario once clean (counting the boundaries and the calls), then with each fault at
     * each boundary, then with a lost reply at each call.
     */
    private void enumerate(Scenario s) {
        int leaksBefore = leaks.size();
        int divergencesBefore = divergences.size();
        Counts clean = runOnce(s, -1, null, 0);
        assertThat(clean.boundaries()).as("command boundaries of a clean %s", s).isPositive();
        for (int n = 1; n <= clean.boundaries(); n++) {
            for (Fault f : Fault.values()) {
                runOnce(s, n, f, 0);
            }
        }
        for (int k = 1; k <= clean.calls(); k++) {
            runOnce(s, -1, null, k);
        }
        assertThat(leaks.subList(leaksBefore, leaks.size())).as("leaks").isEmpty();
        assertThat(divergences.subList(divergencesBefore, divergences.size())).as("divergences").isEmpty();
    }

    /** The action's REST calls among {@code requests}: the uom requests but the event reads. */
    private static int calls(List<String> requests) {
        return (int) requests.stream().filter(r -> r.contains(" uom/") && !r.contains(" uom/Event")).count();
    }

    /** One run: a boundary fault at boundary {@code n}, or a lost reply at call {@code lostAt} (0: none). */
    private Counts runOnce(Scenario s, int n, Fault fault, int lostAt) {
        try (World w = new World()) {
            s.setup().accept(w, engine);
            AtomicInteger boundaries = new AtomicInteger();
            List<String> firedAt = new ArrayList<>();
            Action<?> action = s.action().apply(w);
            SimSnapshot before = w.sim.snapshot();
            EngineListener injector = ev -> {
                boolean boundary = ev instanceof EngineEvent.CommandStarted || ev instanceof EngineEvent.Reverting;
                if (boundary && ev.actionId() != null && ev.resourceKey().equals(action.resourceKey())) {
                    int k = boundaries.incrementAndGet();
                    if (k == n && fault != null) {
                        fault.inject.accept(w.sim);
                        firedAt.add(k + ":" + describe(ev));
                    }
                }
            };
            engine.addListener(injector);
            int requestsBefore = w.sim.requests().size();
            int lostBefore = w.sim.faults().fired(SimFaults.Kind.LOST_REPLY);
            if (lostAt > 0) {
                w.sim.faults().atRequest(lostAt, SimFaults.Kind.LOST_REPLY);
            }
            ActionFailedException failure = null;
            try {
                engine.run(action);
            } catch (ActionFailedException e) {
                failure = e;
                java.io.StringWriter text = new java.io.StringWriter();
                e.printStackTrace(new java.io.PrintWriter(text));
                exceptionTexts.append(text).append(e).append('\n');
                exceptionsScanned++;
            } finally {
                engine.removeListener(injector);
                w.sim.faults().clear();
            }
            scenarios++;
            int lost = w.sim.faults().fired(SimFaults.Kind.LOST_REPLY) - lostBefore;
            lostReplies += lost;
            faultsFired += (firedAt.isEmpty() ? 0 : 1) + lost;
            String where = s + " fault=" + (fault == null ? lostAt > 0 ? "LOST_REPLY" : "none" : fault) + " at="
                    + (lostAt > 0 ? "call " + lostAt + " (" + callAt(w.sim.requests(), requestsBefore, lostAt) + ")"
                    : firedAt);
            if (failure != null) {
                actionsFailed++;
                if (fault == null && lostAt == 0) {
                    leaks.add(where + ": the clean run failed: " + failure.getMessage());
                }
            }
            check(w, failure, where);
            if (failure != null && s.name().startsWith("attach")) {
                // A failed attach maps nothing new (the VM itself is in the model, so check per mapping).
                List<String> added = new ArrayList<>(w.sim.snapshot().scsiMappings());
                added.addAll(w.sim.snapshot().fcMappings());
                added.removeAll(before.scsiMappings());
                added.removeAll(before.fcMappings());
                boolean isReported = failure.revertFailures().stream().anyMatch(r -> r.step().contains("Mapping")
                        || r.step().contains("Volume"));
                if (isReported) {
                    reported += added.size();
                } else {
                    String after = " after " + failure.getMessage();
                    added.forEach(m -> leaks.add(where + ": mapping " + m + after));
                }
            }
            return new Counts(boundaries.get(), calls(w.sim.requests().subList(requestsBefore,
                    w.sim.requests().size())));
        }
    }

    /** The {@code k}-th call after {@code from}, as {@code METHOD path}. */
    private static String callAt(List<String> requests, int from, int k) {
        List<String> calls = requests.subList(from, requests.size()).stream()
                .filter(r -> r.contains(" uom/") && !r.contains(" uom/Event")).toList();
        return k <= calls.size() ? calls.get(k - 1) : "?";
    }

    private static String describe(EngineEvent ev) {
        if (ev instanceof EngineEvent.CommandStarted c) {
            return "before " + c.step();
        }
        return "revert of " + ((EngineEvent.Reverting) ev).step();
    }

    /** Compares the simulator with the model; see the class comment for what counts as what. */
    private void check(World w, ActionFailedException failure, String where) {
        SimSnapshot snap = w.sim.snapshot();
        Map<String, Vm> vms = w.model.snapshot().vms();
        for (Map.Entry<String, String> lpar : snap.lpars().entrySet()) {
            Vm vm = vms.get(lpar.getKey());
            String system = snap.lparSystems().get(lpar.getKey());
            if (vm == null) {
                continue; // a leftover LPAR: counted by the inventory
            } else if (vm.state() != LparStates.toVmState(lpar.getValue())) {
                divergences.add(where + ": lpar " + lpar.getKey() + " is '" + lpar.getValue() + "' but "
                        + vm.state() + " in the model");
            } else if (!system.equals(vm.host())) {
                divergences.add(where + ": lpar " + lpar.getKey() + " is on " + system + " but the model says "
                        + vm.host());
            }
        }
        for (Vm vm : vms.values()) {
            if (!snap.lpars().containsKey(vm.name())) {
                divergences.add(where + ": vm " + vm.name() + " is in the model (" + vm.state() + ") but no LPAR");
            }
            if (vm.isOwned()) {
                divergences.add(where + ": vm " + vm.name() + " is still owned by " + vm.owner());
            }
        }
        List<String> leftovers = PowerVmInventory.check(snap, vms);
        Set<String> failedReverts = failure == null ? Set.of()
                : failure.revertFailures().stream().map(RevertFailure::step).collect(Collectors.toSet());
        for (String l : leftovers) {
            if (isReported(l, failedReverts)) {
                reported++;
            } else {
                leaks.add(where + ": " + l + (failure == null ? "" : " after " + failure.getMessage()));
            }
        }
    }

    private static boolean isReported(String leftover, Set<String> failedReverts) {
        String kind = leftover.substring(0, leftover.indexOf(':'));
        if (kind.equals("missing")) {
            return !failedReverts.isEmpty(); // what a step undid for good before a revert that failed
        }
        List<String> words = switch (kind) {
            case "lpar", "adapter" -> List.of("Lpar", "Adapter");
            case "disk" -> List.of("Disk", "LogicalUnit", "Image");
            case "mapping" -> List.of("Mapping", "Volume");
            case "job" -> List.of("Power", "Migrate");
            default -> List.of();
        };
        return failedReverts.stream().anyMatch(step -> words.stream().anyMatch(step::contains));
    }

    private static void spawnOn(World w, Engine e, boolean ssp) {
        e.run(SpawnAction.plan(w.hostA, ssp ? w.ssp : w.local, spawn("web1")));
    }

    @Test
    void spawnOnLocalDiskLeavesNoLparAdapterDiskOrMappingWhateverRequestFails() {
        enumerate(new Scenario("spawn-local", (w, e) -> { }, w -> SpawnAction.plan(w.hostA, w.local, spawn("web1"))));
    }

    @Test
    void spawnOnSharedStoragePoolLeavesNothingWhateverRequestFails() {
        enumerate(new Scenario("spawn-ssp", (w, e) -> { }, w -> SpawnAction.plan(w.hostA, w.ssp, spawn("web1"))));
    }

    @Test
    void destroyKeepsModelAndSimulatorEqualWhateverRequestFails() {
        enumerate(new Scenario("destroy", (w, e) -> spawnOn(w, e, false),
                w -> DestroyAction.plan(w.hostA, w.local, new VmRequest("web1"))));
    }

    @Test
    void powerOffAndPowerOnKeepModelAndSimulatorEqualWhateverRequestFails() {
        enumerate(new Scenario("power-off", (w, e) -> spawnOn(w, e, false),
                w -> PowerOffAction.plan(w.hostA, new PowerOffRequest("web1", PowerOffMode.OS_IMMEDIATE, true))));
        enumerate(new Scenario("power-on", (w, e) -> {
            spawnOn(w, e, false);
            e.run(PowerOffAction.plan(w.hostA, new PowerOffRequest("web1", PowerOffMode.OS_IMMEDIATE, true)));
        }, w -> PowerOnAction.plan(w.hostA, new VmRequest("web1"))));
    }

    @Test
    void migrateLeavesTheVmOnExactlyOneSystemAndTheModelSaysWhichWhateverRequestFails() {
        enumerate(new Scenario("migrate", (w, e) -> spawnOn(w, e, true),
                w -> MigrateAction.plan(w.hostA, w.hostB, new VmRequest("web1"))));
    }

    @Test
    void attachVolumeLeavesNoMappingBehindWhateverRequestFails() {
        enumerate(new Scenario("attach-vscsi", (w, e) -> {
            spawnOn(w, e, true);
            w.sim.addFcVolume("vios-a", "hdisk5", UDID, 51200);
        }, w -> AttachVolumeAction.plan(w.hostA, new VolumeRequest("web1", VolumeRequest.Connector.VSCSI, UDID))));
        enumerate(new Scenario("attach-npiv", (w, e) -> spawnOn(w, e, true),
                w -> AttachVolumeAction.plan(w.hostA, new VolumeRequest("web1", VolumeRequest.Connector.NPIV,
                        "fcs0"))));
    }
}
