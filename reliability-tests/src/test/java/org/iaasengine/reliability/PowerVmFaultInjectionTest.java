package org.iaasengine.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.EngineListener;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Retry;
import org.iaasengine.core.RevertFailure;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.powervm.PowerVmHost;
import org.iaasengine.powervm.actions.AttachVolumeAction;
import org.iaasengine.powervm.actions.ColdMigrateAction;
import org.iaasengine.powervm.actions.ConfirmMigrationAction;
import org.iaasengine.powervm.actions.DestroyAction;
import org.iaasengine.powervm.actions.MigrateAction;
import org.iaasengine.powervm.actions.ExtendDiskAction;
import org.iaasengine.powervm.actions.PlugVifAction;
import org.iaasengine.powervm.actions.PowerOffAction;
import org.iaasengine.powervm.actions.PowerOnAction;
import org.iaasengine.powervm.actions.RescueAction;
import org.iaasengine.powervm.actions.ResizeAction;
import org.iaasengine.powervm.actions.RevertMigrationAction;
import org.iaasengine.powervm.actions.SnapshotAction;
import org.iaasengine.powervm.actions.SpawnAction;
import org.iaasengine.powervm.actions.UnplugVifAction;
import org.iaasengine.powervm.actions.UnrescueAction;
import org.iaasengine.powervm.actions.UploadImageAction;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.simulator.PowerVmSimulator;
import org.iaasengine.powervm.simulator.SimFaults;
import org.iaasengine.powervm.simulator.SimSnapshot;
import org.iaasengine.powervm.spec.ConfigDrive;
import org.iaasengine.powervm.spec.ImageRef;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.ConfirmMigrationRequest;
import org.iaasengine.powervm.spec.ExtendDiskRequest;
import org.iaasengine.powervm.spec.LparShape;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.spec.PowerOffMode;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.RescueRequest;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.RevertMigrationRequest;
import org.iaasengine.powervm.spec.SnapshotRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.SpawnVolume;
import org.iaasengine.powervm.spec.UnplugVifRequest;
import org.iaasengine.powervm.spec.UnrescueRequest;
import org.iaasengine.powervm.spec.UploadImageRequest;
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
import org.junit.jupiter.api.Timeout;

/**
 * Every PowerVM VM action against the project's PowerVM REST simulator, with a fault injected at
 * every command boundary and every revert: the engine's events are counted over the whole run
 * (CommandStarted and Reverting), and at the N-th one the next REST request of any kind is made to
 * fail (HTTP 500, a dropped connection, or a VIOS busy for longer than the retries last). Then a
 * first fault at every call: the N-th REST request the action makes fails with HTTP 500, or takes
 * effect and loses its answer (the case that makes duplicates), for each N of the calls a clean run
 * makes. Then a second fault after the first: for each first fault at call N, a second one at every
 * call M &gt; N that the faulted run made (its retries, the failed step's own revert, the reverts
 * of the steps before, the failure hook that reads the LPAR back), so the reverts and the failure
 * hooks meet a fault too; where each fault fired (forward, revert, hook) is told by the engine's
 * events, which the engine delivers on the run's thread before the calls that follow them.
 *
 * <p>Each run starts from a fresh simulator; afterwards the simulator must hold the exact inventory
 * of each VM (one adapter, one boot disk, one mapping of it, no second disk, unit or mapping; see
 * {@link PowerVmInventory}), nothing the model does not account for, no job still running, and the
 * model must equal what the simulator runs. Leftovers of a step whose revert failed and was
 * reported in {@link ActionFailedException#revertFailures()} are counted as reported, not as leaks.
 *
 * <p>The image uploads (spawn of an image with a file, and the upload action on local disk and on
 * the SSP) count the File API's requests ({@code web/File...}) as calls too, and their inventory
 * adds: no File left on the server, no image cache disk or unit that does not hold exactly the
 * image's bytes ({@link PowerVmInventory#checkUploads}).
 *
 * <p>The configuration drive (spawn with one, and destroy of a VM that has one) adds to the inventory:
 * no optical medium that is not the drive of a VM the model knows, and after a spawn with a drive
 * exactly one medium and one mapping of it ({@link PowerVmInventory#checkMedia}). The snapshot must
 * leave its directory with the image alone after success and empty after a failure
 * ({@link PowerVmInventory#checkSnapshot}), and no File on the server. A VM in rescue (its model
 * {@code definitionRef} names its rescue disk) has that disk once and one mapping of it; a rescue
 * disk of a VM not in rescue is a leftover.
 *
 * <p>What CI runs (about 75 s on an idle machine before the image, network, volume and migration
 * scenarios were added): the
 * boundary faults (but for spawn with three networks, spawn with volumes, destroy with volumes,
 * confirm and revert of a cold migration) and the
 * first faults (HTTP 500, lost reply) at every call of every scenario; the second fault at every
 * later call as HTTP 500 and as a lost reply for spawn on local disk, the upload on local disk and
 * the snapshot, as HTTP 500 for the upload on the SSP, destroy,
 * migrate, power off and power on, plug and unplug of a network adapter; none for spawn on the SSP,
 * the configuration drive, rescue, unrescue,
 * spawn with three networks, the scenarios on two VIOSes (spawn with volumes, boot from volume,
 * destroy with volumes), the cold migration and its confirm and revert, and the attaches, but for
 * boot from volume both kinds at each call made while reverting or in the failure hook (the same
 * for cold migration took 100 s on a loaded machine: only with the property) (their calls after a failure are those of spawn on
 * local disk, or a claim's revert with no call). With
 * {@code -Diaas.campaign.full=true} the second fault is both kinds for every scenario (over two
 * minutes). The class has a timeout of its own: the campaign is long, not hung.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PowerVmFaultInjectionTest {
    static final boolean FULL = Boolean.getBoolean("iaas.campaign.full");
    private static final ImageRef IMAGE = new ImageRef("rhel9", 10);
    /** An image whose bits the campaign uploads (256 KiB, written once for the class). */
    private static final byte[] UPLOAD_BITS = new java.util.Random(19).ints(256 * 1024, 0, 256)
            .collect(java.io.ByteArrayOutputStream::new, (o, b) -> o.write(b), (a, b) -> a.writeBytes(b.toByteArray()))
            .toByteArray();
    private static final String UPLOAD_SHA = com.google.common.hash.Hashing.sha256().hashBytes(UPLOAD_BITS).toString();
    /** The cache names of the uploaded image and the SHA-256 each must hold if it exists. */
    private static final Map<String, String> UPLOADED = Map.of("i_ubi9", UPLOAD_SHA, "image_ubi9", UPLOAD_SHA);
    private static ImageRef uploadImage;
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
        final PowerVmSimulator sim;
        final PowerVmClient client;
        final ResourceModel model = new ResourceModel();
        final PowerVmHost hostA;
        final PowerVmHost hostB;
        final DiskDriver local;
        final DiskDriver ssp;
        final DiskDriver sspB;

        World() {
            this(false);
        }

        /** {@code dualVios}: two VIOSes per system, both seeing the LUN {@code hdisk5} ({@link #UDID}). */
        World(boolean dualVios) {
            sim = PowerVmSimulator.builder().credentials(USER, SECRET).dualVios(dualVios).start();
            if (dualVios) {
                sim.addFcVolume("vios-a", "hdisk5", UDID, 51200);
                sim.addFcVolume("vios-a2", "hdisk5", UDID, 51200);
            }
            client = PowerVmClient.connect(sim.config().build());
            PowerVmHost.Timeouts t = new PowerVmHost.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(30));
            hostA = PowerVmHost.of("sim-a", client, sim.systemUuid("sim-a"), "sim-a", sim.viosUuid("vios-a"), model)
                    .withRetry(FAST_RETRY).withTimeouts(t);
            hostB = PowerVmHost.of("sim-b", client, sim.systemUuid("sim-b"), "sim-b", sim.viosUuid("vios-b"), model)
                    .withRetry(FAST_RETRY).withTimeouts(t);
            local = new LocalDiskDriver(client, sim.viosUuid("vios-a"), sim.volumeGroupUuid("vios-a", "rootvg"));
            ssp = new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-a"));
            sspB = new SspDiskDriver(client, sim.sspUuid("ssp1"), sim.viosUuid("vios-b"));
        }

        @Override
        public void close() {
            client.close();
            sim.close();
        }
    }

    /**
     * One scenario: {@code dualVios} runs it on a simulator with two VIOSes per system, {@code storage}
     * is the exact storage of the VMs it names (see {@link PowerVmInventory.Storage}).
     */
    record Scenario(String name, BiConsumer<World, Engine> setup, Function<World, Action<?>> action,
            boolean dualVios, Map<String, PowerVmInventory.Storage> storage) {
        Scenario(String name, BiConsumer<World, Engine> setup, Function<World, Action<?>> action) {
            this(name, setup, action, false, Map.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final long startedNanos = System.nanoTime();
    private Engine engine;
    private LogCapture logs;
    private final StringBuilder exceptionTexts = new StringBuilder();
    private int exceptionsScanned;
    private int scenarios;
    private int faultsFired;
    private int faultsInReverts;
    private int faultsInHooks;
    private int lostReplies;
    private int actionsFailed;
    private int reported;
    private final List<String> leaks = new ArrayList<>();
    /** The directory the snapshot of the run now writes to (null: no snapshot). */
    private java.nio.file.Path snapshotDir;
    /** Whether the scenario running now spawns its VM with a configuration drive (so it must have one). */
    private boolean expectDrive;
    private final List<String> divergences = new ArrayList<>();

    @BeforeAll
    void setUp() throws java.io.IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("h19a-ubi9-", ".raw");
        file.toFile().deleteOnExit();
        java.nio.file.Files.write(file, UPLOAD_BITS);
        uploadImage = new ImageRef("ubi9", 1, file.toString(), UPLOAD_SHA);
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
                + faultsFired + " in-reverts=" + faultsInReverts + " in-failure-hooks=" + faultsInHooks
                + " lost-replies=" + lostReplies + " actions-failed=" + actionsFailed
                + " reported-leftovers=" + reported + " leaks=" + leaks.size() + " divergences=" + divergences.size() + " duration="
                + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos) + "s");
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
    /**
     * What a run made: command boundaries, calls, and which of the calls (from 1) it made while
     * reverting or in the failure hook.
     */
    record Counts(int boundaries, int calls, Set<Integer> laterCalls) {
    }

    /**
     * The faults of one run: {@code fault} at boundary {@code boundary} (none when null), and
     * {@code atCalls}: call number (from 1, of the action's calls) to the fault of that call.
     */
    record Arm(int boundary, Fault fault, Map<Integer, SimFaults.Kind> atCalls) {
        static final Arm NONE = new Arm(-1, null, Map.of());

        static Arm atCalls(Map<Integer, SimFaults.Kind> calls) {
            return new Arm(-1, null, calls);
        }

        boolean faulted() {
            return fault != null || !atCalls.isEmpty();
        }

        @Override
        public String toString() {
            return fault != null ? fault.toString() : atCalls.isEmpty() ? "none" : new TreeMap<>(atCalls).toString();
        }
    }

    /** The first faults at every call, and the second faults after them (see the class comment). */
    static final List<SimFaults.Kind> FIRST = List.of(SimFaults.Kind.INTERNAL_ERROR, SimFaults.Kind.LOST_REPLY);

    /**
     * The scenarios whose reverts or failure hook make calls after the first fault often enough to
     * meet the second (power off and on read back in their failure hook only after a job failed;
     * an attach reverts only the model's claim).
     */
    private static final Set<String> WITH_CALLS_AFTER_A_FAILURE = Set.of("spawn-local", "spawn-ssp", "destroy",
            "migrate", "upload-image", "snapshot", "rescue", "plug-vif", "unplug-vif", "spawn-bfv",
            "cold-migrate");

    /**
     * The scenarios whose second faults CI puts only at the calls of the reverts and the failure
     * hook (both kinds), where all the later calls would cost too much time: each of their revert
     * calls meets a fault and a lost reply all the same. Boot from volume reverts both connectors
     * on both VIOSes, the adapter and the LPAR; the other scenarios of issue 19 (spawn with three
     * networks, spawn with volumes, destroy with volumes) get this only with
     * {@code -Diaas.campaign.full=true} (with every later call, then), which took about a minute
     * for the four on a loaded two-core machine.
     */
    private static final Set<String> REVERT_CALLS_ONLY = Set.of("spawn-bfv");

    /**
     * The scenarios CI runs with the faults at every call only, not also at every command boundary
     * (those are the same requests failing, reached another way); with
     * {@code -Diaas.campaign.full=true} they get both.
     */
    private static final Set<String> CALL_FAULTS_ONLY = Set.of("spawn-networks", "spawn-volumes", "destroy-volumes",
            "confirm-migration", "revert-migration");

    /** The second faults of {@code s}: see the class comment for what CI runs. */
    private static List<SimFaults.Kind> second(Scenario s) {
        if (FULL || s.name().equals("spawn-local") || s.name().equals("upload-image") || s.name().equals("snapshot")) {
            return FIRST;
        }
        return s.name().startsWith("spawn") || s.name().startsWith("attach") || s.name().endsWith("config-drive")
                || s.name().endsWith("rescue") || s.dualVios()
                || REVERT_CALLS_ONLY.contains(s.name()) || CALL_FAULTS_ONLY.contains(s.name())
                || s.name().equals("cold-migrate") ? List.of()
                : List.of(SimFaults.Kind.INTERNAL_ERROR);
    }

    /**
     * Runs the scenario once clean (counting the boundaries and the calls), then with each fault at
     * each boundary, then with each first fault at each call, and each second fault at each later
     * call of that faulted run.
     */
    private void enumerate(Scenario s) {
        expectDrive = s.name().startsWith("spawn-config-drive");
        int leaksBefore = leaks.size();
        int divergencesBefore = divergences.size();
        int laterBefore = faultsInReverts + faultsInHooks;
        Counts clean = runOnce(s, Arm.NONE);
        assertThat(clean.boundaries()).as("command boundaries of a clean %s", s).isPositive();
        for (int n = 1; n <= (FULL || !CALL_FAULTS_ONLY.contains(s.name()) ? clean.boundaries() : 0); n++) {
            for (Fault f : Fault.values()) {
                runOnce(s, new Arm(n, f, Map.of()));
            }
        }
        for (int n = 1; n <= clean.calls(); n++) {
            for (SimFaults.Kind f : FIRST) {
                Counts faulted = runOnce(s, Arm.atCalls(Map.of(n, f)));
                for (int m = n + 1; m <= faulted.calls(); m++) {
                    for (SimFaults.Kind g : second(s)) {
                        runOnce(s, Arm.atCalls(Map.of(n, f, m, g)));
                    }
                    if (second(s).isEmpty() && REVERT_CALLS_ONLY.contains(s.name()) && faulted.laterCalls().contains(m)) {
                        for (SimFaults.Kind g : FIRST) {
                            runOnce(s, Arm.atCalls(Map.of(n, f, m, g)));
                        }
                    }
                }
            }
        }
        List<String> found = new ArrayList<>(leaks.subList(leaksBefore, leaks.size()));
        found.addAll(divergences.subList(divergencesBefore, divergences.size()));
        assertThat(found).as("leaks and divergences").isEmpty();
        if (WITH_CALLS_AFTER_A_FAILURE.contains(s.name())
                && (!second(s).isEmpty() || REVERT_CALLS_ONLY.contains(s.name()))) {
            assertThat(faultsInReverts + faultsInHooks).as("faults that fired in reverts or failure hooks of %s", s)
                    .isGreaterThan(laterBefore);
        }
    }

    /** The action's REST calls among {@code requests}: the uom requests but the event reads, and the File API's. */
    private static int calls(List<String> requests) {
        return (int) requests.stream().filter(PowerVmFaultInjectionTest::isCall).count();
    }

    private static boolean isCall(String request) {
        return request.contains(" uom/") && !request.contains(" uom/Event") || request.contains(" web/File");
    }

    /** Where the run is at each of its events: the phase, from the call count at that event on. */
    record PhaseAt(int calls, String phase) {
    }

    /** One run with the faults of {@code arm}. */
    private Counts runOnce(Scenario s, Arm arm) {
        try (World w = new World(s.dualVios())) {
            s.setup().accept(w, engine);
            AtomicInteger boundaries = new AtomicInteger();
            List<String> firedAt = new ArrayList<>();
            List<PhaseAt> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
            Action<?> action = s.action().apply(w);
            SimSnapshot before = w.sim.snapshot();
            int requestsBefore = w.sim.requests().size();
            EngineListener injector = ev -> {
                if (ev.actionId() == null || !ev.resourceKey().equals(action.resourceKey())) {
                    return;
                }
                String was = phases.isEmpty() ? "forward" : phases.get(phases.size() - 1).phase();
                String now = FaultCampaign.phaseOf(ev, was);
                if (!now.equals(was) || phases.isEmpty()) {
                    List<String> sofar = w.sim.requests();
                    phases.add(new PhaseAt(calls(sofar.subList(requestsBefore, sofar.size())), now));
                }
                boolean boundary = ev instanceof EngineEvent.CommandStarted || ev instanceof EngineEvent.Reverting;
                if (boundary) {
                    int k = boundaries.incrementAndGet();
                    if (k == arm.boundary() && arm.fault() != null) {
                        arm.fault().inject.accept(w.sim);
                        firedAt.add(k + ":" + describe(ev));
                    }
                }
            };
            engine.addListener(injector);
            Map<SimFaults.Kind, Integer> firedBefore = firedByKind(w.sim);
            arm.atCalls().forEach((k, kind) -> w.sim.faults().atRequest(k, kind));
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
            List<String> requests = w.sim.requests().subList(requestsBefore, w.sim.requests().size());
            int made = calls(requests);
            Map<Integer, String> firedCalls = new TreeMap<>();
            arm.atCalls().forEach((k, kind) -> {
                if (k <= made) {
                    String phase = phaseOfCall(phases, k);
                    firedCalls.put(k, kind + "@" + phase + " (" + callAt(requests, 0, k) + ")");
                    faultsInReverts += phase.equals("revert") ? 1 : 0;
                    faultsInHooks += phase.equals("hook") ? 1 : 0;
                }
            });
            Map<SimFaults.Kind, Integer> firedAfter = firedByKind(w.sim);
            int firedNow = 0;
            for (SimFaults.Kind kind : SimFaults.Kind.values()) {
                firedNow += firedAfter.get(kind) - firedBefore.get(kind);
            }
            if (arm.fault() == null) {
                assertThat(firedNow).as("faults the simulator fired for %s %s", s, firedCalls)
                        .isEqualTo(firedCalls.size());
            }
            lostReplies += firedAfter.get(SimFaults.Kind.LOST_REPLY) - firedBefore.get(SimFaults.Kind.LOST_REPLY);
            faultsFired += firedAt.size() + firedCalls.size();
            firedAt.forEach(f -> faultsInReverts += f.contains(":revert of") ? 1 : 0);
            String where = s + " fault=" + arm + " fired=" + (arm.fault() != null ? firedAt : firedCalls.values());
            if (failure != null) {
                actionsFailed++;
                if (!arm.faulted()) {
                    leaks.add(where + ": the clean run failed: " + failure.getMessage());
                }
            }
            check(w, failure, where, s.storage());
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
            Set<Integer> later = new java.util.TreeSet<>();
            for (int k = 1; k <= made; k++) {
                String phase = phaseOfCall(phases, k);
                if (phase.equals("revert") || phase.equals("hook")) {
                    later.add(k);
                }
            }
            return new Counts(boundaries.get(), made, later);
        }
    }

    private static Map<SimFaults.Kind, Integer> firedByKind(PowerVmSimulator sim) {
        Map<SimFaults.Kind, Integer> out = new java.util.EnumMap<>(SimFaults.Kind.class);
        for (SimFaults.Kind kind : SimFaults.Kind.values()) {
            out.put(kind, sim.faults().fired(kind));
        }
        return out;
    }

    /** The phase call {@code k} was made in: that of the last event before it. */
    private static String phaseOfCall(List<PhaseAt> phases, int k) {
        String phase = "forward";
        for (PhaseAt p : phases) {
            if (p.calls() < k) {
                phase = p.phase();
            }
        }
        return phase;
    }

    /** The {@code k}-th call after {@code from}, as {@code METHOD path}. */
    private static String callAt(List<String> requests, int from, int k) {
        List<String> calls = requests.subList(from, requests.size()).stream()
                .filter(PowerVmFaultInjectionTest::isCall).toList();
        return k <= calls.size() ? calls.get(k - 1) : "?";
    }

    private static String describe(EngineEvent ev) {
        if (ev instanceof EngineEvent.CommandStarted c) {
            return "before " + c.step();
        }
        return "revert of " + ((EngineEvent.Reverting) ev).step();
    }

    /**
     * Compares the simulator with the model; see the class comment for what counts as what. A job
     * still running once the action is over is a leak, unless its start answer was lost (its id
     * never reached the library, which can neither watch nor cancel it): such jobs are let run to
     * their end first, and what they did must then agree with the model as the rest does.
     */
    private void check(World w, ActionFailedException failure, String where,
            Map<String, PowerVmInventory.Storage> storage) {
        List<String> unanswered = w.sim.unansweredJobs();
        String after = failure == null ? "" : " after " + failure.getMessage();
        w.sim.snapshot().runningJobs().stream().filter(j -> !unanswered.contains(j.substring(j.indexOf(':') + 1)))
                .forEach(j -> leaks.add(where + ": job:" + j + " still runs after the action" + after));
        for (int i = 0; i < 20 && !w.sim.snapshot().runningJobs().isEmpty(); i++) {
            w.client.feed(org.iaasengine.powervm.rest.Paths.systems(),
                    org.iaasengine.powervm.xml.uom.ManagedSystem.class); // one step of the simulator's clock
        }
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
        for (String system : List.of("sim-a", "sim-b")) {
            for (var e : w.client.feed(org.iaasengine.powervm.rest.Paths.lpars(w.sim.systemUuid(system)),
                    org.iaasengine.powervm.xml.uom.LogicalPartition.class)) {
                org.iaasengine.powervm.spec.LparInfo l = org.iaasengine.powervm.spec.LparInfo.of(e.value());
                Vm vm = vms.get(l.name());
                if (vm != null && (vm.vcpus() != l.vcpus() || vm.memoryKiB() != l.memoryMb() * 1024)) {
                    divergences.add(where + ": lpar " + l.name() + " has " + l.vcpus() + " vCPUs and " + l.memoryMb()
                            + " MB but the model says " + vm.vcpus() + " and " + vm.memoryKiB() / 1024);
                }
            }
        }
        List<String> leftovers = new ArrayList<>(PowerVmInventory.check(snap, vms, w.sim.adapterMacs(), storage));
        leftovers.addAll(PowerVmInventory.checkUploads(w.sim, UPLOADED));
        leftovers.addAll(PowerVmInventory.checkMedia(w.sim, vms, expectDrive));
        if (snapshotDir != null) {
            leftovers.addAll(PowerVmInventory.checkSnapshot(snapshotDir, failure == null));
            snapshotDir = null;
        }
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
            case "disk" -> List.of("Disk", "LogicalUnit", "Image", "Upload");
            case "mapping" -> List.of("Mapping", "Volume");
            case "job" -> List.of("Power", "Migrate");
            case "rescue" -> List.of("Disk", "Mapping");
            case "file" -> List.of("Upload", "Download");
            case "image" -> List.of("Download");
            case "media" -> List.of("Media", "Mapping", "ConfigDrive");
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
    void spawnUploadingItsImageLeavesNoFileNoPartialImageAndNothingElseWhateverRequestFails() {
        enumerate(new Scenario("spawn-upload", (w, e) -> { }, w -> SpawnAction.plan(w.hostA, w.local,
                new SpawnRequest("web1", 2048, 0.5, 1, 100, uploadImage, 20))));
    }

    @Test
    void imageUploadLeavesNoFileAndNoPartialImageWhateverRequestOrRevertFails() {
        enumerate(new Scenario("upload-image", (w, e) -> { }, w -> UploadImageAction.plan(w.hostA, w.local,
                new UploadImageRequest("sim-a", uploadImage))));
        enumerate(new Scenario("upload-image-ssp", (w, e) -> { }, w -> UploadImageAction.plan(w.hostA, w.ssp,
                new UploadImageRequest("sim-a", uploadImage))));
    }

    @Test
    void spawnWithAConfigDriveAndItsDestroyLeaveNoMediaNoMappingAndNoFileWhateverRequestFails() {
        enumerate(new Scenario("spawn-config-drive", (w, e) -> { }, w -> SpawnAction.plan(w.hostA, w.local,
                spawn("web1").withConfigDrive(new ConfigDrive("#cloud-config\n")))));
        enumerate(new Scenario("destroy-config-drive", (w, e) -> e.run(SpawnAction.plan(w.hostA, w.local,
                spawn("web1").withConfigDrive(new ConfigDrive("#cloud-config\n")))),
                w -> DestroyAction.plan(w.hostA, w.local, new VmRequest("web1"))));
    }

    @Test
    void snapshotLeavesNoFileAndNoPartialImageWhateverRequestOrRevertFails() {
        enumerate(new Scenario("snapshot", (w, e) -> {
            spawnOn(w, e, false);
            w.sim.writeDisk("b_web1", UPLOAD_BITS);
        }, w -> {
            try {
                snapshotDir = java.nio.file.Files.createTempDirectory("h19a-snap-");
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
            return SnapshotAction.plan(w.hostA, w.local, new SnapshotRequest("sim-a", "web1", "web1-snap",
                    snapshotDir.toString()));
        }));
    }

    @Test
    void rescueAndUnrescueLeaveTheExactInventoryWhateverRequestOrRevertFails() {
        ImageRef rescue = new ImageRef("rescue", 2);
        enumerate(new Scenario("rescue", (w, e) -> spawnOn(w, e, false),
                w -> RescueAction.plan(w.hostA, w.local, new RescueRequest("sim-a", "web1", rescue))));
        enumerate(new Scenario("unrescue", (w, e) -> {
            spawnOn(w, e, false);
            e.run(RescueAction.plan(w.hostA, w.local, new RescueRequest("sim-a", "web1", rescue)));
        }, w -> UnrescueAction.plan(w.hostA, w.local, new UnrescueRequest("sim-a", "web1"))));
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
    void spawnWithThreeNetworksLeavesExactlyTheAdaptersOfTheModelsMacsWhateverRequestFails() {
        enumerate(new Scenario("spawn-networks", (w, e) -> { }, w -> SpawnAction.plan(w.hostA, w.local,
                spawn("web1").withExtraVlans(List.of(200, 300)))));
    }

    @Test
    void plugAndUnplugVifKeepTheAdaptersEqualToTheModelsMacsWhateverRequestFails() {
        enumerate(new Scenario("plug-vif", (w, e) -> spawnOn(w, e, false),
                w -> PlugVifAction.plan(w.hostA, new PlugVifRequest("sim-a", "web1", 200))));
        enumerate(new Scenario("unplug-vif", (w, e) -> e.run(SpawnAction.plan(w.hostA, w.local,
                spawn("web1").withExtraVlans(List.of(200)))),
                w -> UnplugVifAction.plan(w.hostA, new UnplugVifRequest("sim-a", "web1",
                        w.model.vm("web1").orElseThrow().macs().get(1)))));
    }

    @Test
    void resizeOfAPoweredOffAndOfARunningLparKeepsModelAndLparEqualWhateverRequestFails() {
        enumerate(new Scenario("resize-off", (w, e) -> {
            spawnOn(w, e, false);
            e.run(PowerOffAction.plan(w.hostA, new PowerOffRequest("web1", PowerOffMode.VSP_HARD, false)));
        }, w -> ResizeAction.plan(w.hostA, new ResizeRequest("sim-a", "web1", 4096, 1.0, 2, null))));
        enumerate(new Scenario("resize-running", (w, e) -> {
            spawnOn(w, e, false);
            e.run(PowerOffAction.plan(w.hostA, new PowerOffRequest("web1", PowerOffMode.VSP_HARD, false)));
            e.run(ResizeAction.plan(w.hostA, new ResizeRequest("sim-a", "web1", 2048, 0.5, 1,
                    LparShape.of(2048, 0.5, 1).withRange(1024, 8192, 0.25, 2.0, 1, 4))));
            e.run(PowerOnAction.plan(w.hostA, new VmRequest("web1")));
        }, w -> ResizeAction.plan(w.hostA, new ResizeRequest("sim-a", "web1", 6144, 1.5, 3, null))));
    }

    @Test
    void extendDiskKeepsExactlyOneBootDiskWhateverRequestFails() {
        enumerate(new Scenario("extend-disk", (w, e) -> spawnOn(w, e, false),
                w -> ExtendDiskAction.plan(w.hostA, w.local, new ExtendDiskRequest("sim-a", "web1", 40))));
    }

    private static Action<?> coldMigrate(World w) {
        return ColdMigrateAction.plan(w.hostA, w.ssp, w.hostB, w.sspB,
                new ColdMigrateRequest("sim-a", "web1", "sim-b", 4096, 1.0, 2));
    }

    @Test
    void coldMigrateConfirmAndRevertLeaveOneRunningVmAndTheModelSaysWhereWhateverRequestFails() {
        enumerate(new Scenario("cold-migrate", (w, e) -> e.run(SpawnAction.plan(w.hostA, w.ssp,
                spawn("web1").withExtraVlans(List.of(200)))), PowerVmFaultInjectionTest::coldMigrate));
        enumerate(new Scenario("confirm-migration", (w, e) -> {
            e.run(SpawnAction.plan(w.hostA, w.ssp, spawn("web1")));
            e.run(coldMigrate(w));
        }, w -> ConfirmMigrationAction.plan(w.hostA, w.ssp, new ConfirmMigrationRequest("sim-a", "web1"))));
        enumerate(new Scenario("revert-migration", (w, e) -> {
            e.run(SpawnAction.plan(w.hostA, w.ssp, spawn("web1")));
            e.run(coldMigrate(w));
        }, w -> RevertMigrationAction.plan(w.hostB, w.sspB, w.hostA,
                new RevertMigrationRequest("sim-b", "web1", "sim-a"))));
    }

    /** Both VIOSes of sim-a map the LUN and the NPIV port for web1. */
    private static final List<String> BOTH_PATHS = List.of("vios-a:web1->hdisk5", "vios-a2:web1->hdisk5",
            "vios-a:web1->fcs0", "vios-a2:web1->fcs0");
    private static final SpawnVolume VSCSI_VOLUME = new SpawnVolume(VolumeRequest.Connector.VSCSI, UDID);
    private static final SpawnVolume NPIV_VOLUME = new SpawnVolume(VolumeRequest.Connector.NPIV, "fcs0");

    @Test
    void spawnWithVolumesOnTwoViosesLeavesExactlyTheirPathsOrNothingWhateverRequestFails() {
        enumerate(new Scenario("spawn-volumes", (w, e) -> { }, w -> SpawnAction.plan(w.hostA, w.local,
                spawn("web1").withVolumes(List.of(VSCSI_VOLUME, NPIV_VOLUME))), true,
                Map.of("web1", new PowerVmInventory.Storage(true, BOTH_PATHS))));
    }

    @Test
    void spawnBootingFromVolumeLeavesNoLocalDiskAndExactlyTheVolumePathsWhateverRequestFails() {
        enumerate(new Scenario("spawn-bfv", (w, e) -> { }, w -> SpawnAction.plan(w.hostA, null,
                SpawnRequest.bootFromVolume("web1", 2048, 0.5, 1, 100, VSCSI_VOLUME, NPIV_VOLUME)), true,
                Map.of("web1", new PowerVmInventory.Storage(false, BOTH_PATHS))));
    }

    @Test
    void destroyOfAVmWithVolumesOnTwoViosesRemovesEveryPathWhateverRequestFails() {
        enumerate(new Scenario("destroy-volumes", (w, e) -> e.run(SpawnAction.plan(w.hostA, w.local,
                spawn("web1").withVolumes(List.of(VSCSI_VOLUME, NPIV_VOLUME)))),
                w -> DestroyAction.plan(w.hostA, w.local, new VmRequest("web1")), true,
                Map.of("web1", new PowerVmInventory.Storage(true, BOTH_PATHS))));
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
