package org.iaasengine.libvirt.actions;

import org.iaasengine.core.InvalidInputException;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.core.FailureHook;
import org.iaasengine.core.Key;
import org.iaasengine.core.Retry;
import org.iaasengine.core.Step;
import org.iaasengine.core.Verification;
import org.iaasengine.libvirt.Lifecycle;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.States;
import org.iaasengine.libvirt.commands.ClaimVm;
import org.iaasengine.libvirt.commands.CopyTemplate;
import org.iaasengine.libvirt.commands.CreateVm;
import org.iaasengine.libvirt.commands.CreateXml;
import org.iaasengine.libvirt.commands.DefineVm;
import org.iaasengine.libvirt.commands.DeleteDisks;
import org.iaasengine.libvirt.commands.DestroyVm;
import org.iaasengine.libvirt.commands.DiskImage;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.GetNodeInfo;
import org.iaasengine.libvirt.commands.HostRunningInfo;
import org.iaasengine.libvirt.commands.LocateVm;
import org.iaasengine.libvirt.commands.MigrateVm;
import org.iaasengine.libvirt.commands.MoveDefinition;
import org.iaasengine.libvirt.commands.ReadDefinition;
import org.iaasengine.libvirt.commands.RebootVm;
import org.iaasengine.libvirt.commands.RegisterVm;
import org.iaasengine.libvirt.commands.RemoveDefinition;
import org.iaasengine.libvirt.commands.ResumeVm;
import org.iaasengine.libvirt.commands.SampleNodeStats;
import org.iaasengine.libvirt.commands.SetIp;
import org.iaasengine.libvirt.commands.ShutdownOutcome;
import org.iaasengine.libvirt.commands.ShutdownVm;
import org.iaasengine.libvirt.commands.StartVm;
import org.iaasengine.libvirt.commands.SuspendVm;
import org.iaasengine.libvirt.commands.UndefineVm;
import org.iaasengine.libvirt.commands.VmSpec;
import org.iaasengine.libvirt.driver.DomainInfo;
import org.iaasengine.libvirt.driver.DomainSummary;
import org.iaasengine.libvirt.driver.LibvirtDriver;
import org.iaasengine.libvirt.driver.MigrationOptions;
import org.iaasengine.libvirt.driver.NodeInfo;
import org.iaasengine.libvirt.driver.NodeStats;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.model.Host;
import org.iaasengine.model.HostState;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;
import org.iaasengine.model.VmState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the GSN action set on libvirt as engine {@link Action}s: Create, Start, Shutdown, Reboot,
 * Suspend, Resume, Delete, Migrate, NonLiveMigration, SetVmIp, HostInfo, HostStatistical. Every
 * action claims its VM in the model while it runs, reverts on failure, and writes the result to the
 * model. Bad input is rejected when the action is built, before any side effect, with an
 * {@link IllegalArgumentException} that names the value.
 *
 * <pre>{@code
 * LibvirtActions actions = new LibvirtActions(model);
 * Vm vm = engine.run(actions.create(host, CreateRequest.builder("web1").template("base.qcow2").memoryMiB(512).build()));
 * engine.run(actions.shutdown(host, "web1"));
 * }</pre>
 */
public final class LibvirtActions {
    private static final Logger LOG = LoggerFactory.getLogger(LibvirtActions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    static final Key<Vm> PLACEHOLDER = Key.of("placeholder", Vm.class);
    static final Key<Vm> BEFORE = Key.of("before", Vm.class);
    static final Key<LocateVm.Placement> LOCATED = Key.of("located", LocateVm.Placement.class);
    static final Key<DiskImage> DISK = Key.of("disk", DiskImage.class);
    static final Key<StoredDefinition> DEFINITION = Key.of("definition", StoredDefinition.class);
    static final Key<DomainSummary> DOMAIN = Key.of("domain", DomainSummary.class);
    static final Key<Boolean> STARTED = Key.of("started", Boolean.class);
    static final Key<DomainInfo> INFO = Key.of("info", DomainInfo.class);
    static final Key<ShutdownOutcome> SHUTDOWN = Key.of("shutdown", ShutdownOutcome.class);
    static final Key<Boolean> MIGRATED = Key.of("migrated", Boolean.class);
    static final Key<NodeInfo> NODE = Key.of("node", NodeInfo.class);
    static final Key<HostRunningInfo.Result> RUNNING = Key.of("running", HostRunningInfo.Result.class);
    static final Key<SampleNodeStats.Sample> FIRST = Key.of("first", SampleNodeStats.Sample.class);
    static final Key<SampleNodeStats.Sample> SECOND = Key.of("second", SampleNodeStats.Sample.class);

    private final ResourceModel model;
    private Duration shutdownGrace = Duration.ofSeconds(60);
    private Duration acpiResend = Duration.ofSeconds(10);
    private Duration actionTimeout = Duration.ofMinutes(10);
    private Duration migrationTimeout = Duration.ofMinutes(10);
    private int migrationRedos = 2;
    private long migrationBandwidthMiBs;
    // Idempotent steps (reads, destroy, suspend, resume) ride over a short libvirtd restart: about
    // 3 s of waits in all (200, 400, 800, 1600 ms) before the action gives up.
    private Retry transientRetry = Retry.builder().maxAttempts(5).backoff(Duration.ofMillis(200), Duration.ofSeconds(2))
            .build();
    /*
     * Reverts are what keeps a failed action from leaking a domain or a disk: when libvirtd is
     * restarting (connection lost, TRANSIENT) they wait for it, for up to two minutes, rather than
     * give up at once. Every revert is idempotent ("already gone" counts as done), so a retry after
     * a lost reply is safe.
     */
    private Retry revertRetry = Retry.builder().maxAttempts(40).backoff(Duration.ofMillis(200), Duration.ofSeconds(5))
            .maxDuration(Duration.ofMinutes(2)).build();

    public LibvirtActions(ResourceModel model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** How long a guest may take to shut down after ACPI before it is destroyed (default 60 s). */
    public LibvirtActions shutdownGrace(Duration grace) {
        InvalidInputException.check(grace != null && !grace.isNegative(), "shutdown grace must not be negative: %s",
                grace);
        this.shutdownGrace = grace;
        return this;
    }

    /** How often the ACPI power-button press is repeated while the guest still runs (default 10 s). */
    public LibvirtActions acpiResend(Duration interval) {
        InvalidInputException.check(interval != null && !interval.isNegative() && !interval.isZero(),
                "ACPI resend interval must be positive: %s", interval);
        this.acpiResend = interval;
        return this;
    }

    /** The deadline of each action (default 10 min). */
    public LibvirtActions actionTimeout(Duration timeout) {
        InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                "action timeout must be positive: %s", timeout);
        this.actionTimeout = timeout;
        return this;
    }

    /** How long one migration may take before it is aborted (default 10 min). */
    public LibvirtActions migrationTimeout(Duration timeout) {
        InvalidInputException.check(timeout != null && !timeout.isNegative() && !timeout.isZero(),
                "migration timeout must be positive: %s", timeout);
        this.migrationTimeout = timeout;
        return this;
    }

    /** The bandwidth cap of live migrations in MiB/s ({@code virsh migrate --bandwidth}); 0, the default, for none. */
    public LibvirtActions migrationBandwidth(long mibPerSecond) {
        InvalidInputException.check(mibPerSecond >= 0, "migration bandwidth must not be negative: %s MiB/s",
                mibPerSecond);
        this.migrationBandwidthMiBs = mibPerSecond;
        return this;
    }

    /** How many times a migration is redone when the VM still runs on the source (default 2). */
    public LibvirtActions migrationRedos(int redos) {
        InvalidInputException.check(redos >= 1, "migration redos must be at least 1, was %s", redos);
        this.migrationRedos = redos;
        return this;
    }

    /**
     * The retry policy of the idempotent steps that talk to libvirt (default: 5 attempts on
     * TRANSIENT, backoff 200 ms doubling to 2 s: about 3 s, enough for a libvirtd restart).
     */
    public LibvirtActions retry(Retry retry) {
        this.transientRetry = Objects.requireNonNull(retry, "retry");
        return this;
    }

    /**
     * The retry policy of reverts (default: on TRANSIENT, backoff from 200 ms to 5 s, for up to two
     * minutes, so that a libvirtd restart in the middle of an action does not leave anything behind).
     */
    public LibvirtActions revertRetry(Retry retry) {
        this.revertRetry = Objects.requireNonNull(retry, "revertRetry");
        return this;
    }

    /** The resource key of a VM's actions. */
    public static String vmKey(String name) {
        return "vm:" + name;
    }

    /** The resource key of a host's actions. */
    public static String hostKey(String name) {
        return "host:" + name;
    }

    // ------------------------------------------------------------------ Create

    /**
     * Create (GSN: vmName, templateName, memory, numCPUs, mac, ipAddress): register the VM in the
     * model, CopyTemplate, CreateXml, CreateVm (transient) or DefineVm + StartVm (persistent),
     * DomInfo. On failure every step is reverted: no domain, disk copy or stored XML is left.
     */
    public Action<Vm> create(LibvirtHost host, CreateRequest req) {
        Objects.requireNonNull(req, "request");
        String mac = req.mac() != null ? VmSpec.normalizeMac(req.mac()) : newMac();
        Lifecycle lifecycle = req.lifecycle() != null ? req.lifecycle() : host.lifecycle();
        UUID uuid = UUID.randomUUID();
        VmSpec spec = new VmSpec(req.name(), uuid, req.template(), req.memoryMiB(), req.vcpus(), mac, req.network(),
                req.ip(), lifecycle, req.kernel(), req.initrd(), req.cmdline(), req.serialLog());
        Vm placeholder = Vm.builder(spec.name()).uuid(uuid.toString()).host(host.name()).state(VmState.CREATING)
                .vcpus(spec.vcpus()).memoryKiB(spec.memoryMiB() * 1024).macs(List.of(mac)).ip(spec.ip()).build();
        LibvirtDriver driver = host.driver();
        Action.Builder<Vm> b = Action.<Vm>builder("create", vmKey(spec.name()))
                .request(req)
                .timeout(actionTimeout)
                .revertRetry(revertRetry)
                .step(PLACEHOLDER, new RegisterVm(model, placeholder));
        if (spec.template() != null) {
            // Validates the template name now, before anything runs.
            b.step(DISK, new CopyTemplate(host.templates(), host.storage(), spec.template(), uuid + ".qcow2", req.copy(),
                    host.processTimeout()));
        }
        b.step(DEFINITION, new CreateXml(host.store(), host.name(), host.domainType(), spec,
                spec.template() != null ? Optional.of(DISK) : Optional.empty()));
        if (lifecycle == Lifecycle.TRANSIENT) {
            b.step(DOMAIN, new CreateVm(driver, DEFINITION));
        } else {
            b.step(DOMAIN, new DefineVm(driver, DEFINITION));
            b.step(STARTED, new StartVm(driver, host.store(), host.name(), spec.name()));
        }
        b.step(Step.of(INFO, new DomInfo(driver, spec.name())).withRetry(transientRetry));
        return b.sync(r -> release(r, spec.name(), vm -> fromInfo(vm, r.get(INFO), host)))
                .onFailure(resync(host, spec.name()))
                .result(r -> model.vm(spec.name()).orElseThrow())
                .build();
    }

    /** A MAC with the 52:54:00 prefix that no VM in the model uses. */
    String newMac() {
        for (int i = 0; i < 1000; i++) {
            String mac = String.format("52:54:00:%02x:%02x:%02x", RANDOM.nextInt(256), RANDOM.nextInt(256),
                    RANDOM.nextInt(256));
            boolean used = model.snapshot().vms().values().stream().anyMatch(v -> v.macs().contains(mac));
            if (!used) {
                return mac;
            }
        }
        throw new IllegalStateException("no free MAC address found after 1000 tries");
    }

    // ------------------------------------------------------------------ lifecycle

    /** Start: a defined VM with {@code start}, a transient one from its stored definition. */
    public Action<Vm> start(LibvirtHost host, String name) {
        checkVm(name);
        return vmAction("start", host, name, VmState.STARTING)
                .step(STARTED, new StartVm(host.driver(), host.store(), host.name(), name))
                .step(Step.of(INFO, new DomInfo(host.driver(), name)).withRetry(transientRetry))
                .sync(r -> release(r, name, vm -> fromInfo(vm, r.get(INFO), host)))
                .onFailure(resync(host, name))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /**
     * Shutdown: ACPI, pressed again every {@link #acpiResend}, destroy when {@link #shutdownGrace}
     * passes; a VM that is already off is success.
     */
    public Action<Vm> shutdown(LibvirtHost host, String name) {
        checkVm(name);
        return vmAction("shutdown", host, name, VmState.STOPPING)
                .step(SHUTDOWN, new ShutdownVm(host.driver(), host.store(), name, shutdownGrace, acpiResend))
                .sync(r -> release(r, name, vm -> vm.withState(VmState.SHUTOFF)))
                .onFailure(resync(host, name))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /** How Reboot reboots. */
    public enum RebootMode {
        /** Shutdown then start, as the GSN notes (works for any guest; a transient VM is created again). */
        SHUTDOWN_START,
        /** libvirt's own reboot ({@code virsh reboot}); the guest must cooperate. */
        LIBVIRT
    }

    /** Reboot, by default as shutdown then start. */
    public Action<Vm> reboot(LibvirtHost host, String name) {
        return reboot(host, name, RebootMode.SHUTDOWN_START);
    }

    public Action<Vm> reboot(LibvirtHost host, String name, RebootMode mode) {
        checkVm(name);
        Objects.requireNonNull(mode, "mode");
        Action.Builder<Vm> b = vmAction("reboot", host, name, VmState.REBOOTING);
        if (mode == RebootMode.LIBVIRT) {
            b.step(Step.of(Key.of("rebooted", Void.class), new RebootVm(host.driver(), name)));
        } else {
            b.step(SHUTDOWN, new ShutdownVm(host.driver(), host.store(), name, shutdownGrace, acpiResend))
                    .step(STARTED, new StartVm(host.driver(), host.store(), host.name(), name));
        }
        return b.step(Step.of(INFO, new DomInfo(host.driver(), name)).withRetry(transientRetry))
                .sync(r -> release(r, name, vm -> fromInfo(vm, r.get(INFO), host)))
                .onFailure(resync(host, name))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /** Suspend: pause the VM's CPUs. */
    public Action<Vm> suspend(LibvirtHost host, String name) {
        checkVm(name);
        return vmAction("suspend", host, name, VmState.SUSPENDING)
                .step(Step.of(Key.of("suspended", Boolean.class), new SuspendVm(host.driver(), name))
                        .withRetry(transientRetry))
                .sync(r -> release(r, name, vm -> vm.withState(VmState.PAUSED)))
                .onFailure(resync(host, name))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /** Resume: run a paused VM again. */
    public Action<Vm> resume(LibvirtHost host, String name) {
        checkVm(name);
        return vmAction("resume", host, name, VmState.RESUMING)
                .step(Step.of(Key.of("resumed", Boolean.class), new ResumeVm(host.driver(), name))
                        .withRetry(transientRetry))
                .sync(r -> release(r, name, vm -> vm.withState(VmState.RUNNING)))
                .onFailure(resync(host, name))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /**
     * Delete: destroy, undefine, optionally remove the disk copies, forget the definition, remove
     * from the model. Destroying cannot be undone, so a later failure is reported and the model is
     * re-read from the host.
     */
    public Action<Void> delete(LibvirtHost host, String name, boolean removeDisks) {
        checkVm(name);
        Action.Builder<Void> b = Action.<Void>builder("delete", vmKey(name))
                .request(new VmRequest("delete", host.name(), name, removeDisks ? "remove-disks" : null))
                .timeout(actionTimeout)
                .revertRetry(revertRetry)
                // Claimed so that a model sync does not mark it off or adopt it back meanwhile.
                .step(Step.of(LOCATED, locate(host, name, LocateVm.Presence.ANY)).withRetry(transientRetry))
                .step(BEFORE, ClaimVm.ifPresent(model, host.name(), name, VmState.DELETING))
                .step(Step.of(Key.of("destroyed", Boolean.class), new DestroyVm(host.driver(), name))
                        .withRetry(transientRetry))
                .step(Step.of(Key.<Optional<String>>named("undefined"), new UndefineVm(host.driver(), name)))
                // "Not running" and "not found" answers above are taken as done: check the host agrees
                // before disks, definition and model entry go.
                .step(Step.of(Key.of("gone", Boolean.class), Command.named("CheckGone", ctx -> {
                    Optional<DomainSummary> left = host.driver().lookup(name);
                    if (left.isPresent()) {
                        throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' is still "
                                + (left.get().persistent() ? "defined" : "there") + " ("
                                + left.get().state().virshName() + ") on " + host.driver().uri()
                                + " after destroy and undefine");
                    }
                    return true;
                })).withRetry(transientRetry));
        if (removeDisks) {
            b.step(Step.of(Key.<List<String>>named("disks-deleted"), new DeleteDisks(host.store(), host.storage(), host.name(), name)));
        }
        return b.step(Step.of(Key.<Optional<StoredDefinition>>named("forgotten"), new RemoveDefinition(host.store(), name)))
                .sync(r -> model.update(m -> m.vm(name).filter(v -> v.host() == null || v.host().equals(host.name()))
                        .ifPresent(v -> m.removeVm(name))))
                .onFailure(resync(host, name))
                .build();
    }

    // ------------------------------------------------------------------ migration

    /**
     * Migrate (live): move the running VM to {@code to}, then verify on the source that it is gone,
     * redoing the migration up to {@link #migrationRedos} times (GSN); the model then shows it on the
     * destination. Progress of the migration job is reported; the migration is aborted at its
     * timeout and the VM keeps running on the source.
     */
    public Action<Vm> migrate(LibvirtHost from, LibvirtHost to, String name) {
        checkVm(name);
        InvalidInputException.check(!from.name().equals(to.name()), "vm '%s' cannot migrate from host '%s' to itself",
                name, from.name());
        boolean persistent = from.store().get(name).map(d -> d.lifecycle() == Lifecycle.PERSISTENT).orElse(false);
        boolean hasDisks = from.store().get(name).map(d -> !d.disks().isEmpty()).orElse(false);
        MigrationOptions options = new MigrationOptions(true, persistent, persistent, hasDisks, migrationBandwidthMiBs,
                migrationTimeout);
        LibvirtDriver source = from.driver();
        return Action.<Vm>builder("migrate", vmKey(name))
                .request(new VmRequest("migrate", from.name(), name, to.name()))
                .timeout(migrationTimeout.multipliedBy(migrationRedos + 1).plus(actionTimeout))
                .revertRetry(revertRetry)
                .step(Step.of(LOCATED, locate(from, name, LocateVm.Presence.ON_HOST)).withRetry(transientRetry))
                .step(BEFORE, new ClaimVm(model, from.name(), name, VmState.MIGRATING))
                .step(Step.of(Key.of("destination-free", Boolean.class), destinationFree(to, name))
                        .withRetry(transientRetry))
                .step(MIGRATED, new MigrateVm(source, to.driver(), name, options, LOCATED))
                .step(Step.of(Key.<Optional<String>>named("moved"), new MoveDefinition(from.store(), name, to.name())))
                .step(Step.of(INFO, new DomInfo(to.driver(), name)).withRetry(transientRetry))
                .verify(Verification.that("vm gone from source", ctx -> source.lookup(name)
                                .map(d -> !d.state().isActive()).orElse(true))
                        .withRetry(Retry.builder().maxAttempts(10).fixedDelay(Duration.ofMillis(200)).jitter(0).build())
                        .redoFrom(MIGRATED, migrationRedos))
                .sync(r -> release(r, name, vm -> fromInfo(vm.withHost(to.name()), r.get(INFO), to)))
                .onFailure(resync(name, from, to))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /** NonLiveMigration: shut the VM down on the source and start it on the destination. */
    public Action<Vm> nonLiveMigrate(LibvirtHost from, LibvirtHost to, String name) {
        checkVm(name);
        InvalidInputException.check(!from.name().equals(to.name()), "vm '%s' cannot migrate from host '%s' to itself",
                name, from.name());
        Action.Builder<Vm> b = Action.<Vm>builder("non-live-migrate", vmKey(name))
                .request(new VmRequest("non-live-migrate", from.name(), name, to.name()))
                .timeout(actionTimeout.plus(shutdownGrace))
                .revertRetry(revertRetry)
                .step(Step.of(LOCATED, locate(from, name, LocateVm.Presence.ON_HOST)).withRetry(transientRetry))
                .step(BEFORE, new ClaimVm(model, from.name(), name, VmState.MIGRATING))
                .step(Step.of(Key.of("destination-free", Boolean.class), destinationFree(to, name))
                        .withRetry(transientRetry))
                .step(DEFINITION, new ReadDefinition(from.driver(), from.store(), from.name(), name))
                .step(SHUTDOWN, new ShutdownVm(from.driver(), from.store(), name, shutdownGrace, acpiResend))
                .step(Step.of(Key.<Optional<String>>named("undefined-on-source"), new UndefineVm(from.driver(), name)))
                .step(Step.of(Key.of("on-destination", DomainSummary.class),
                        Command.named("StartOnDestination", new StartOnDestination(to.driver()))))
                .step(Step.of(Key.<Optional<String>>named("moved"), new MoveDefinition(from.store(), name, to.name())))
                .step(Step.of(INFO, new DomInfo(to.driver(), name)).withRetry(transientRetry));
        return b.sync(r -> release(r, name, vm -> fromInfo(vm.withHost(to.name()), r.get(INFO), to)))
                .onFailure(resync(name, from, to))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /** Creates (transient) or defines and starts (persistent) the read definition on a host. */
    private static final class StartOnDestination implements Command<DomainSummary> {
        private final LibvirtDriver driver;

        StartOnDestination(LibvirtDriver driver) {
            this.driver = driver;
        }

        @Override
        public DomainSummary execute(org.iaasengine.core.CommandContext ctx) {
            StoredDefinition d = ctx.get(DEFINITION);
            if (d.lifecycle() == Lifecycle.TRANSIENT) {
                return driver.create(d.domainXml(), false);
            }
            DomainSummary defined = driver.define(d.domainXml());
            try {
                driver.start(d.name(), false);
            } catch (RuntimeException e) {
                driver.undefine(d.name());
                throw e;
            }
            return defined;
        }

        @Override
        public void revert(org.iaasengine.core.CommandContext ctx, DomainSummary result) {
            try {
                driver.destroy(result.name());
            } catch (RuntimeException notRunning) {
                LOG.debug("destroy of {} on {} during revert: {}", result.name(), driver.uri(), notRunning.getMessage());
            }
            if (driver.lookup(result.name()).map(DomainSummary::persistent).orElse(false)) {
                driver.undefine(result.name());
            }
        }
    }

    // ------------------------------------------------------------------ IP and host

    /** SetVmIp: record the IP the cloud manager assigned, in the model and the definition store. */
    public Action<Vm> setVmIp(LibvirtHost host, String name, String ip) {
        checkVm(name);
        if (ip != null) { // null clears it
            VmSpec.checkIp(ip); // the same rules as Create
        }
        return Action.<Vm>builder("set-vm-ip", vmKey(name))
                .request(new VmRequest("set-vm-ip", host.name(), name, ip))
                .timeout(actionTimeout)
                .revertRetry(revertRetry)
                .step(Step.of(LOCATED, locate(host, name, LocateVm.Presence.ANY)).withRetry(transientRetry))
                .step(Step.of(Key.<Optional<String>>named("previous-ip"), new SetIp(model, host.store(), name, ip)))
                .result(r -> model.vm(name).orElseThrow())
                .build();
    }

    /** HostInfo: node info plus what the host runs now, written to the model. */
    public Action<Host> hostInfo(LibvirtHost host) {
        return Action.<Host>builder("host-info", hostKey(host.name()))
                .request(new VmRequest("host-info", host.name(), null, null))
                .timeout(actionTimeout)
                .step(Step.of(NODE, new GetNodeInfo(host.driver())).withRetry(transientRetry))
                .step(Step.of(RUNNING, new HostRunningInfo(host.driver())).withRetry(transientRetry))
                .sync(r -> model.putHost(toHost(host, r.get(NODE), r.get(RUNNING))))
                .result(r -> model.host(host.name()).orElseThrow())
                .build();
    }

    /** HostStatistical: CPU and memory use between two samples {@code interval} apart. */
    public Action<HostStatistics> hostStatistical(LibvirtHost host, Duration interval) {
        InvalidInputException.check(interval != null && !interval.isNegative() && !interval.isZero()
                && interval.compareTo(Duration.ofMinutes(10)) <= 0,
                "statistics interval must be between 0 and 10 minutes, was %s", interval);
        return Action.<HostStatistics>builder("host-statistical", hostKey(host.name()))
                .request(new VmRequest("host-statistical", host.name(), null, interval.toString()))
                .timeout(actionTimeout.plus(interval))
                .step(Step.of(FIRST, new SampleNodeStats(host.driver(), Duration.ZERO)).withRetry(transientRetry))
                .step(Step.of(SECOND, new SampleNodeStats(host.driver(), interval)).withRetry(transientRetry))
                .result(r -> statistics(host.name(), r.get(FIRST), r.get(SECOND)))
                .build();
    }

    static HostStatistics statistics(String host, SampleNodeStats.Sample first, SampleNodeStats.Sample second) {
        NodeStats a = first.stats();
        NodeStats b = second.stats();
        long total = b.cpuTotalNanos() - a.cpuTotalNanos();
        long idle = (b.cpuIdleNanos() - a.cpuIdleNanos()) + (b.cpuIowaitNanos() - a.cpuIowaitNanos());
        double usage = total <= 0 ? 0.0 : Math.max(0.0, Math.min(1.0, 1.0 - (double) idle / total));
        long used = b.memTotalKiB() - b.memFreeKiB() - b.memBuffersKiB() - b.memCachedKiB();
        return new HostStatistics(host, usage, b.memTotalKiB(), Math.max(0, used), b.memFreeKiB(),
                Duration.ofNanos(second.takenNanos() - first.takenNanos()));
    }

    static Host toHost(LibvirtHost host, NodeInfo node, HostRunningInfo.Result running) {
        Map<String, String> attrs = new HashMap<>();
        attrs.put("nodes", Integer.toString(node.nodes()));
        attrs.put("sockets", Integer.toString(node.sockets()));
        attrs.put("cores", Integer.toString(node.cores()));
        attrs.put("threads", Integer.toString(node.threads()));
        attrs.put("activeVms", Integer.toString(running.activeVms()));
        attrs.put("definedVms", Integer.toString(running.definedVms()));
        return new Host(host.name(), host.driver().uri(), HostState.UP, node.cpuModel(), node.cpus(), node.mhz(),
                node.memoryKiB(), running.stats().map(NodeStats::memFreeKiB).orElse(0L), attrs);
    }

    // ------------------------------------------------------------------ helpers

    private static void checkVm(String name) {
        VmSpec.checkName(name);
    }

    private Action.Builder<Vm> vmAction(String action, LibvirtHost host, String name, VmState transitional) {
        return Action.<Vm>builder(action, vmKey(name))
                .request(new VmRequest(action, host.name(), name, null))
                .timeout(actionTimeout.plus(shutdownGrace))
                .revertRetry(revertRetry)
                .step(Step.of(LOCATED, locate(host, name, LocateVm.Presence.ANY)).withRetry(transientRetry))
                .step(BEFORE, new ClaimVm(model, host.name(), name, transitional));
    }

    private LocateVm locate(LibvirtHost host, String name, LocateVm.Presence presence) {
        return new LocateVm(model, host.name(), host.driver(), host.store(), name, presence);
    }

    /**
     * Refuses (CONFLICT) a migration whose destination already holds another VM of the same name
     * (another UUID): libvirt would refuse it too, but only after the source had started sending,
     * and a redo would take that VM for the migrated one.
     */
    private static Command<Boolean> destinationFree(LibvirtHost to, String name) {
        return Command.named("CheckDestination", ctx -> {
            LocateVm.Placement located = ctx.get(LOCATED);
            Optional<DomainSummary> there = to.driver().lookup(name);
            if (there.isPresent() && !located.sameVm(there.get())) {
                throw new CommandException(FailureCategory.CONFLICT, "vm '" + name + "' cannot move to host '"
                        + to.name() + "': another vm of that name (uuid " + there.get().uuid() + ") is there");
            }
            return there.isEmpty();
        });
    }

    private void release(org.iaasengine.core.CommandContext r, String name,
            java.util.function.UnaryOperator<Vm> finalForm) {
        model.release(name, r.actionId(), finalForm);
    }

    static Vm fromInfo(Vm vm, DomainInfo info, LibvirtHost host) {
        return vm.toBuilder().uuid(info.uuid()).host(host.name()).state(States.toModel(info.state()))
                .vcpus(info.vcpus()).memoryKiB(info.maxMemoryKiB())
                .definitionRef(host.store().get(vm.name()).map(d -> host.store().directory().resolve(d.uuid() + ".xml")
                        .toString()).orElse(vm.definitionRef()))
                .build();
    }

    /**
     * After a failure, read the VM's real state from the host into the model, so the model never
     * shows what the host does not run.
     */
    FailureHook resync(LibvirtHost host, String name) {
        return resync(name, host);
    }

    /**
     * After a failure on several hosts (a migration), find where the VM really is: the first host
     * where it is active wins, else the first where it is defined, else the first host. Only the
     * VM the model knows counts: a domain of that name with another UUID is another VM. The hook
     * never writes a state for a VM that the model places on a host outside {@code hosts} (an
     * action given the wrong host changes nothing), never touches a VM another action owns, and
     * does nothing for an action refused before its claim.
     */
    FailureHook resync(String name, LibvirtHost... hosts) {
        List<String> names = java.util.Arrays.stream(hosts).map(LibvirtHost::name).toList();
        return (failure, results) -> {
            if (results.find(BEFORE).isEmpty() && results.find(PLACEHOLDER).isEmpty()) {
                // Refused before its claim (wrong host, another owner, not in the model): the claim
                // comes before every side effect, so nothing changed and there is nothing to re-read.
                return;
            }
            Optional<Vm> known = model.vm(name);
            if (known.isEmpty() || !mayResync(known.get(), names, results.actionId())) {
                return;
            }
            String uuid = known.get().uuid();
            LibvirtHost host = hosts[0];
            Optional<DomainSummary> d = Optional.empty();
            List<String> unreachable = new ArrayList<>();
            for (LibvirtHost h : hosts) {
                Optional<DomainSummary> found;
                try {
                    found = h.driver().lookup(name)
                            .filter(s -> uuid == null || s.uuid() == null || uuid.equalsIgnoreCase(s.uuid()));
                } catch (RuntimeException e) {
                    LOG.warn("could not re-read vm {} on {} after a failure: {}", name, h.name(), e.getMessage());
                    unreachable.add(h.name());
                    continue;
                }
                if (found.isPresent() && (d.isEmpty() || (found.get().state().isActive()
                        && !d.get().state().isActive()))) {
                    d = found;
                    host = h;
                }
            }
            LibvirtHost where = host;
            Optional<DomainSummary> seen = d;
            model.update(m -> {
                Optional<Vm> current = m.vm(name);
                if (current.isEmpty() || !mayResync(current.get(), names, results.actionId())) {
                    return;
                }
                Vm vm = current.get();
                if (seen.isPresent() && (unreachable.isEmpty() || seen.get().state().isActive())) {
                    m.putVm(vm.withOwner(null).withHost(where.name()).withState(States.toModel(seen.get().state())));
                } else if (!unreachable.isEmpty()) {
                    // A host that did not answer may run it: say so rather than guess; the host
                    // monitor's reconcile after the reconnect puts the real state in.
                    m.putVm(vm.withOwner(null).withState(VmState.UNKNOWN));
                } else if (where.store().get(name).filter(sd -> names.contains(sd.host())).isPresent()) {
                    m.putVm(vm.withOwner(null).withState(VmState.SHUTOFF));
                } else if (vm.state() == VmState.CREATING) {
                    m.removeVm(name);
                } else {
                    m.putVm(vm.withOwner(null).withState(VmState.SHUTOFF));
                }
            });
        };
    }

    /** The failure hook may rewrite {@code vm}: placed on one of its hosts (or nowhere), not owned by another action. */
    private static boolean mayResync(Vm vm, List<String> hosts, String actionId) {
        return (vm.host() == null || hosts.contains(vm.host())) && (vm.owner() == null || vm.owner().equals(actionId));
    }
}
