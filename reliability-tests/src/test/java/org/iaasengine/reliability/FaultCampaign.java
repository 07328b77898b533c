package org.iaasengine.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.iaasengine.core.Action;
import org.iaasengine.core.ActionFailedException;
import org.iaasengine.core.Engine;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.Retry;
import org.iaasengine.core.EngineEvent;
import org.iaasengine.libvirt.actions.LibvirtActions;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.Lifecycle;

/**
 * Runs libvirt actions with a fault at every driver call: first once clean, counting the calls the
 * action makes (reverts and failure hooks included), then once per call number N and fault, each
 * time from a clean host, checking the host against the model afterwards. Keeps the figures.
 *
 * <pre>{@code
 * FaultCampaign c = new FaultCampaign(world, engine, Duration.ofSeconds(1));
 * c.enumerate(FaultCampaign.createScenario(Lifecycle.PERSISTENT, true), 0, faults);
 * }</pre>
 */
final class FaultCampaign {

    /**
     * An action to break: how to prepare the VM, and the action itself. A {@code refused} scenario
     * gives the action the wrong host: its clean run must fail with CONFLICT, and no run, whatever
     * fault it meets, may succeed or change anything.
     */
    record Scenario(String name, BiConsumer<Context, String> setup, BiFunction<Context, String, Action<?>> action,
            boolean refused) {
        Scenario(String name, BiConsumer<Context, String> setup, BiFunction<Context, String, Action<?>> action) {
            this(name, setup, action, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** What setup and action builders get: the world, the engine, and the actions to build with. */
    record Context(LibvirtWorld world, Engine engine, LibvirtActions actions) {
        LibvirtWorld.HostSide side(int i) {
            return world.side(i);
        }
    }

    private final LibvirtWorld world;
    private final Engine engine;
    private final Duration hangTimeout;
    private final Duration grace;
    private final AtomicInteger names = new AtomicInteger();

    private final long startedNanos = System.nanoTime();
    /** Where the run on the engine is, from its events (see {@link #phaseOf}). */
    private volatile String phase = "";

    int scenarios;
    int faultsFired;
    int faultsInReverts;
    int faultsInHooks;
    int actionsFailed;
    int reportedLeftovers;
    final List<String> leaks = new ArrayList<>();
    final List<String> divergences = new ArrayList<>();

    FaultCampaign(LibvirtWorld world, Engine engine, Duration hangTimeout, Duration grace) {
        this.world = world;
        this.engine = engine;
        this.hangTimeout = hangTimeout;
        this.grace = grace;
        engine.addListener(e -> phase = phaseOf(e, phase));
        world.hosts.forEach(h -> h.driver.phase(() -> phase));
    }

    /**
     * The phase a driver call made now belongs to, from the engine's last event: after a command
     * started (or succeeded: verification and sync follow) it is "forward"; after a revert started,
     * "revert"; after a command or a revert ended in failure, "hook" (the failure hook, which runs
     * after the reverts and sends no event of its own). Listeners are called on the run's thread.
     */
    static String phaseOf(EngineEvent e, String before) {
        if (e instanceof EngineEvent.CommandStarted || e instanceof EngineEvent.CommandSucceeded
                || e instanceof EngineEvent.ActionStarted) {
            return "forward";
        }
        if (e instanceof EngineEvent.Reverting) {
            return "revert";
        }
        if (e instanceof EngineEvent.CommandFailed || e instanceof EngineEvent.Reverted
                || e instanceof EngineEvent.RevertFailed) {
            return "hook";
        }
        return before;
    }

    private LibvirtActions tuned(LibvirtActions a) {
        return a.shutdownGrace(grace).acpiResend(Duration.ofMillis(500)).migrationTimeout(Duration.ofSeconds(90))
                .actionTimeout(Duration.ofSeconds(120))
                .retry(Retry.builder().maxAttempts(3).fixedDelay(Duration.ofMillis(5)).jitter(0).build());
    }

    /**
     * Enumerates N over every call the action makes through host {@code side}'s driver, for each
     * fault; returns the number of calls a clean run made.
     */
    int enumerate(Scenario s, int side, List<FaultInjectingDriver.Fault> faults) {
        return enumerate(s, side, faults, List.of());
    }

    /**
     * As {@link #enumerate(Scenario, int, List)}, and then, for each first fault at call N, a second
     * fault from {@code second} at every call M > N that run made after it: the retries, the
     * reverts and the failure hook meet a fault too. Returns the number of calls a clean run made.
     */
    int enumerate(Scenario s, int side, List<FaultInjectingDriver.Fault> faults,
            List<FaultInjectingDriver.Fault> second) {
        int calls = runOnce(s, side, Map.of());
        for (int n = 1; n <= calls; n++) {
            for (FaultInjectingDriver.Fault f : faults) {
                int faulted = runOnce(s, side, Map.of(n, f));
                for (int m = n + 1; m <= faulted; m++) {
                    for (FaultInjectingDriver.Fault g : second) {
                        runOnce(s, side, Map.of(n, f, m, g));
                    }
                }
            }
        }
        return calls;
    }

    /** One scenario with one fault at call {@code n} (none when {@code fault} is null). */
    int runOnce(Scenario s, int side, int n, FaultInjectingDriver.Fault fault) {
        return runOnce(s, side, fault == null ? Map.of() : Map.of(n, fault));
    }

    /**
     * A fault source besides the drivers (qemu-img, the definition store's files): armed after the
     * scenario's setup, for the action only.
     */
    interface Injector {
        /** Counts from zero again, and makes operation {@code n} fail as {@code mode} (n < 1: none). */
        void arm(int n, String mode);

        /** The operations made since {@link #arm}. */
        int calls();

        /** The operations a fault fired on ("n:operation@phase"). */
        List<String> fired();

        /** Injects nothing any more. */
        void disarm();
    }

    /**
     * Enumerates operation N of {@code injector} over every operation the action makes, for each
     * mode; returns the number of operations a clean run made.
     */
    int enumerate(Scenario s, Injector injector, List<String> modes) {
        int calls = runOnce(s, 0, Map.of(), injector, 0, null);
        for (int n = 1; n <= calls; n++) {
            for (String mode : modes) {
                runOnce(s, 0, Map.of(), injector, n, mode);
            }
        }
        return calls;
    }

    /** Where the run on the engine is now (forward, revert, hook), for an injector's report. */
    String phase() {
        return phase;
    }

    /** One scenario: reset, set up, arm, run, check. Returns the number of calls the action made. */
    int runOnce(Scenario s, int side, Map<Integer, FaultInjectingDriver.Fault> armed) {
        return runOnce(s, side, armed, null, 0, null);
    }

    private int runOnce(Scenario s, int side, Map<Integer, FaultInjectingDriver.Fault> armed, Injector injector,
            int injectAt, String injectMode) {
        world.reset(this::tuned);
        String vm = world.prefix + names.incrementAndGet();
        LibvirtActions forAction = tuned(new LibvirtActions(world.model));
        if (armed.values().stream().anyMatch(f -> f.mode() == FaultInjectingDriver.Mode.HANG)) {
            forAction = forAction.actionTimeout(hangTimeout);
        }
        if ("hang".equals(injectMode)) {
            // A process that hangs: the runs before it must finish first, so a deadline of seconds.
            forAction = forAction.actionTimeout(hangTimeout.compareTo(Duration.ofSeconds(3)) > 0 ? hangTimeout
                    : Duration.ofSeconds(3));
        }
        boolean faulted = !armed.isEmpty() || injectMode != null;
        Context setupCtx = new Context(world, engine, world.actions);
        s.setup().accept(setupCtx, vm);
        world.markImages();
        Action<?> action = s.action().apply(new Context(world, engine, forAction), vm);
        FaultInjectingDriver d = world.side(side).driver;
        d.arm(armed);
        if (injector != null) {
            injector.arm(injectMode == null ? 0 : injectAt, injectMode);
        }
        ActionFailedException failure = null;
        try {
            engine.run(action);
        } catch (ActionFailedException e) {
            failure = e;
        }
        int calls = injector != null ? injector.calls() : d.calls();
        List<String> fired = new java.util.ArrayList<>(d.fired());
        List<String> callLog = d.callLog();
        d.disarm();
        if (injector != null) {
            fired.addAll(injector.fired());
            injector.disarm();
        }
        LibvirtWorld.Findings f = world.check(failure);
        String where = s + " faults=" + (injectMode != null ? injectAt + "=" + injectMode
                : faulted ? new java.util.TreeMap<>(armed) : "none") + " fired=" + fired + " calls=" + callLog;
        scenarios++;
        faultsFired += fired.size();
        faultsInReverts += (int) fired.stream().filter(x -> x.endsWith("@revert")).count();
        faultsInHooks += (int) fired.stream().filter(x -> x.endsWith("@hook")).count();
        if (failure != null) {
            actionsFailed++;
            if (!faulted && !s.refused()) {
                leaks.add(where + ": the clean run failed: " + failure.getMessage());
            } else if (!faulted && failure.category() != FailureCategory.CONFLICT) {
                leaks.add(where + ": the wrong-host call was not refused with CONFLICT: " + failure.category() + " "
                        + failure.getMessage());
            }
        } else if (s.refused()) {
            leaks.add(where + ": the wrong-host call succeeded");
        }
        reportedLeftovers += f.reported().size();
        String after = failure == null ? "" : " after " + failure.getMessage();
        f.leaks().forEach(l -> leaks.add(where + ": " + l + after));
        f.divergences().forEach(l -> divergences.add(where + ": " + l));
        return calls;
    }

    String summary(String suite) {
        return "RELIABILITY " + suite + ": scenarios=" + scenarios + " faults-fired=" + faultsFired
                + " in-reverts=" + faultsInReverts + " in-failure-hooks=" + faultsInHooks
                + " actions-failed=" + actionsFailed + " reported-leftovers=" + reportedLeftovers
                + " leaks=" + leaks.size() + " divergences=" + divergences.size() + " duration="
                + java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos) + "s";
    }

    // ------------------------------------------------------------------ the scenarios

    static CreateRequest.Builder request(String vm, boolean template, Lifecycle lifecycle) {
        CreateRequest.Builder b = CreateRequest.builder(vm).memoryMiB(32).lifecycle(lifecycle);
        return template ? b.template("base.qcow2") : b;
    }

    static void create(Context c, String vm, boolean template, Lifecycle lifecycle) {
        c.engine().run(c.actions().create(c.side(0).host, request(vm, template, lifecycle).build()));
    }

    static Scenario createScenario(Lifecycle lifecycle, boolean template) {
        return new Scenario("create-" + lifecycle.name().toLowerCase() + (template ? "-template" : ""),
                (c, vm) -> { },
                (c, vm) -> c.actions().create(c.side(0).host, request(vm, template, lifecycle).build()));
    }

    static Scenario startScenario(Lifecycle lifecycle) {
        return new Scenario("start-" + lifecycle.name().toLowerCase(),
                (c, vm) -> {
                    create(c, vm, true, lifecycle);
                    c.engine().run(c.actions().shutdown(c.side(0).host, vm));
                },
                (c, vm) -> c.actions().start(c.side(0).host, vm));
    }

    static Scenario shutdownScenario(Lifecycle lifecycle) {
        return new Scenario("shutdown-" + lifecycle.name().toLowerCase(),
                (c, vm) -> create(c, vm, false, lifecycle),
                (c, vm) -> c.actions().shutdown(c.side(0).host, vm));
    }

    static Scenario suspendScenario() {
        return new Scenario("suspend", (c, vm) -> create(c, vm, false, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().suspend(c.side(0).host, vm));
    }

    static Scenario resumeScenario() {
        return new Scenario("resume",
                (c, vm) -> {
                    create(c, vm, false, Lifecycle.PERSISTENT);
                    c.engine().run(c.actions().suspend(c.side(0).host, vm));
                },
                (c, vm) -> c.actions().resume(c.side(0).host, vm));
    }

    static Scenario rebootScenario() {
        return new Scenario("reboot", (c, vm) -> create(c, vm, false, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().reboot(c.side(0).host, vm));
    }

    static Scenario deleteScenario(Lifecycle lifecycle) {
        return new Scenario("delete-" + lifecycle.name().toLowerCase(),
                (c, vm) -> create(c, vm, true, lifecycle),
                (c, vm) -> c.actions().delete(c.side(0).host, vm, true));
    }

    // ---- Wakame's power variants (cleanup is not here: it leaves the model behind the host by design)

    static Scenario poweroffScenario() {
        return new Scenario("poweroff", (c, vm) -> create(c, vm, false, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().poweroff(c.side(0).host, vm));
    }

    static Scenario softPoweroffScenario() {
        return new Scenario("soft-poweroff", (c, vm) -> create(c, vm, false, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().softPoweroff(c.side(0).host, vm));
    }

    /** Poweron of a VM that stop released (its host given back, defined again, started). */
    static Scenario poweronAfterStopScenario() {
        return new Scenario("poweron-after-stop",
                (c, vm) -> {
                    create(c, vm, true, Lifecycle.PERSISTENT);
                    c.engine().run(c.actions().stop(c.side(0).host, vm));
                },
                (c, vm) -> c.actions().poweron(c.side(0).host, vm));
    }

    static Scenario stopScenario() {
        return new Scenario("stop", (c, vm) -> create(c, vm, true, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().stop(c.side(0).host, vm));
    }

    /** A volume made blank ({@code qemu-img create}) or from the template (a qcow2 over it), with no VM. */
    static Scenario volumeCreateScenario(boolean template) {
        return new Scenario("volume-create" + (template ? "-template" : ""), (c, vm) -> { },
                (c, vm) -> c.actions().devices().createVolume(c.side(0).host,
                        new org.iaasengine.libvirt.spec.VolumeCreateRequest(c.side(0).host.name(), vm + "-vol",
                                template ? 0 : 1L << 20, template ? "base.qcow2" : null)));
    }

    /** A VM with a volume attached (in the model) terminated: the volume goes with it. */
    static Scenario terminateWithAVolumeScenario() {
        return new Scenario("terminate-with-volume", (c, vm) -> {
            create(c, vm, true, Lifecycle.PERSISTENT);
            org.iaasengine.model.Volume v = c.engine().run(c.actions().devices().createVolume(c.side(0).host,
                    vm + "-vol", 1L << 20));
            c.world().model.putVolume(v.attachedTo(vm, "vdb"));
        }, (c, vm) -> c.actions().terminate(c.side(0).host, vm));
    }

    static Scenario terminateScenario() {
        return new Scenario("terminate", (c, vm) -> create(c, vm, true, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().terminate(c.side(0).host, vm));
    }

    /** Delete given host 2 for a VM with a disk copy that runs on host 1. */
    static Scenario deleteOnTheWrongHostScenario() {
        return new Scenario("delete-wrong-host", (c, vm) -> create(c, vm, true, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().delete(c.side(1).host, vm, true), true);
    }

    /** Start given host 2 for a transient VM, off, stored for host 1. */
    static Scenario startOnTheWrongHostScenario() {
        return new Scenario("start-wrong-host",
                (c, vm) -> {
                    create(c, vm, true, Lifecycle.TRANSIENT);
                    c.engine().run(c.actions().shutdown(c.side(0).host, vm));
                },
                (c, vm) -> c.actions().start(c.side(1).host, vm), true);
    }

    /** Suspend given host 2 for a VM running on host 1. */
    static Scenario suspendOnTheWrongHostScenario() {
        return new Scenario("suspend-wrong-host", (c, vm) -> create(c, vm, false, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().suspend(c.side(1).host, vm), true);
    }

    /** Migrate from host 2 to host 1 for a VM that runs on host 1. */
    static Scenario migrateFromTheWrongHostScenario() {
        return new Scenario("migrate-wrong-host", (c, vm) -> create(c, vm, true, Lifecycle.TRANSIENT),
                (c, vm) -> c.actions().migrate(c.side(1).host, c.side(0).host, vm), true);
    }

    /**
     * Delete given host 1 while host 1 holds another VM of that name (defined behind the library's
     * back after the model's VM was stored with its own UUID): refused by UUID, nothing deleted.
     */
    static Scenario deleteAnotherVmOfTheSameNameScenario() {
        return new Scenario("delete-same-name-other-uuid",
                (c, vm) -> {
                    create(c, vm, true, Lifecycle.TRANSIENT);
                    c.engine().run(c.actions().shutdown(c.side(0).host, vm));
                    c.world().impostors.add(vm);
                    c.side(0).driver.delegate().define(org.iaasengine.libvirt.xml.DomainXmlCodec.toXml(
                            org.iaasengine.libvirt.xml.DomainXml.builder(vm).type(c.side(0).domainType).memoryMiB(32)
                                    .vcpus(1).build()));
                },
                (c, vm) -> c.actions().delete(c.side(0).host, vm, true), true);
    }

    /** Backup of a VM that runs (paused for the copy) or is shut off, into the image store. */
    static Scenario backupScenario(boolean running) {
        return new Scenario("backup-" + (running ? "running" : "stopped"),
                (c, vm) -> {
                    create(c, vm, true, Lifecycle.PERSISTENT);
                    if (!running) {
                        c.engine().run(c.actions().shutdown(c.side(0).host, vm));
                    }
                },
                (c, vm) -> c.actions().backup(c.side(0).host, vm, vm + "-img"));
    }

    /** Create from a backup image (made by the setup from another VM, which is then deleted). */
    static Scenario createFromBackupScenario() {
        return new Scenario("create-from-backup",
                (c, vm) -> {
                    create(c, vm + "-src", true, Lifecycle.PERSISTENT);
                    c.engine().run(c.actions().shutdown(c.side(0).host, vm + "-src"));
                    c.engine().run(c.actions().backup(c.side(0).host, vm + "-src", vm + "-img"));
                    c.engine().run(c.actions().delete(c.side(0).host, vm + "-src", true));
                },
                (c, vm) -> c.actions().create(c.side(0).host, CreateRequest.builder(vm).memoryMiB(32)
                        .lifecycle(Lifecycle.PERSISTENT).backup(vm + "-img").build()));
    }

    /** Create with user-data: a metadata drive (ISO) beside the disk copy. */
    static Scenario createWithUserDataScenario() {
        return new Scenario("create-user-data", (c, vm) -> { },
                (c, vm) -> c.actions().create(c.side(0).host, request(vm, true, Lifecycle.PERSISTENT)
                        .userData("#cloud-config\n").build()));
    }

    static Scenario migrateScenario() {
        return new Scenario("migrate", (c, vm) -> create(c, vm, true, Lifecycle.TRANSIENT),
                (c, vm) -> c.actions().migrate(c.side(0).host, c.side(1).host, vm));
    }

    static Scenario nonLiveMigrateScenario() {
        return new Scenario("non-live-migrate", (c, vm) -> create(c, vm, false, Lifecycle.PERSISTENT),
                (c, vm) -> c.actions().nonLiveMigrate(c.side(0).host, c.side(1).host, vm));
    }
}
