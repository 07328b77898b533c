package org.iaasengine.libvirt.actions;

import java.time.Duration;
import java.util.Objects;
import org.iaasengine.core.Action;
import org.iaasengine.core.Retry;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.images.BackupImage;
import org.iaasengine.libvirt.spec.BackupRequest;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.iaasengine.libvirt.spec.HostInfoRequest;
import org.iaasengine.libvirt.spec.HostStatisticalRequest;
import org.iaasengine.libvirt.spec.MigrateRequest;
import org.iaasengine.libvirt.spec.NonLiveMigrateRequest;
import org.iaasengine.libvirt.spec.RebootMode;
import org.iaasengine.libvirt.spec.RebootRequest;
import org.iaasengine.libvirt.spec.ResumeRequest;
import org.iaasengine.libvirt.spec.SetVmIpRequest;
import org.iaasengine.libvirt.spec.ShutdownRequest;
import org.iaasengine.libvirt.spec.CleanupRequest;
import org.iaasengine.libvirt.spec.PowerResult;
import org.iaasengine.libvirt.spec.PoweroffRequest;
import org.iaasengine.libvirt.spec.PoweronRequest;
import org.iaasengine.libvirt.spec.SoftPoweroffRequest;
import org.iaasengine.libvirt.spec.StopRequest;
import org.iaasengine.libvirt.spec.TerminateRequest;
import org.iaasengine.libvirt.spec.StartRequest;
import org.iaasengine.libvirt.spec.SuspendRequest;
import org.iaasengine.model.Host;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Vm;

/**
 * The GSN action set on libvirt in one place: Create, Start, Shutdown, Reboot, Suspend, Resume,
 * Delete, Migrate, NonLiveMigration, SetVmIp, HostInfo, HostStatistical. An immutable value: the
 * resource model and the {@link LibvirtSettings}; each method builds its typed request and hands it
 * to the action's plan class ({@link CreateAction}, {@link StartAction}...), so the plan it returns
 * carries the request a journal or a host agent rebuilds it from ({@link LibvirtRegistry}). Every
 * action claims its VM in the model while it runs, reverts on failure, and writes the result to the
 * model. Bad input is rejected when the action is built, before any side effect, with an
 * {@link IllegalArgumentException} that names the value.
 *
 * <p>The setters ({@link #shutdownGrace} and the others) return a new {@code LibvirtActions} with
 * that setting changed; this one is unchanged.
 *
 * <pre>{@code
 * LibvirtActions actions = new LibvirtActions(model).shutdownGrace(Duration.ofSeconds(30));
 * Vm vm = engine.run(actions.create(host, CreateRequest.builder("web1").template("base.qcow2").memoryMiB(512).build()));
 * engine.run(actions.shutdown(host, "web1"));
 * }</pre>
 */
public final class LibvirtActions {
    private final ResourceModel model;
    private final LibvirtSettings settings;

    /** The actions over {@code model} with the {@linkplain LibvirtSettings#defaults() default settings}. */
    public LibvirtActions(ResourceModel model) {
        this(model, LibvirtSettings.defaults());
    }

    public LibvirtActions(ResourceModel model, LibvirtSettings settings) {
        this.model = Objects.requireNonNull(model, "model");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public ResourceModel model() {
        return model;
    }

    public LibvirtSettings settings() {
        return settings;
    }

    /** These actions with other settings. */
    public LibvirtActions withSettings(LibvirtSettings other) {
        return new LibvirtActions(model, other);
    }

    /** How long a guest may take to shut down after ACPI before it is destroyed (default 60 s). */
    public LibvirtActions shutdownGrace(Duration grace) {
        return withSettings(settings.toBuilder().shutdownGrace(grace).build());
    }

    /** How often the ACPI power-button press is repeated while the guest still runs (default 10 s). */
    public LibvirtActions acpiResend(Duration interval) {
        return withSettings(settings.toBuilder().acpiResend(interval).build());
    }

    /** The deadline of each action (default 10 min). */
    public LibvirtActions actionTimeout(Duration timeout) {
        return withSettings(settings.toBuilder().actionTimeout(timeout).build());
    }

    /** How long one migration may take before it is aborted (default 10 min). */
    public LibvirtActions migrationTimeout(Duration timeout) {
        return withSettings(settings.toBuilder().migrationTimeout(timeout).build());
    }

    /** The bandwidth cap of live migrations in MiB/s ({@code virsh migrate --bandwidth}); 0, the default, for none. */
    public LibvirtActions migrationBandwidth(long mibPerSecond) {
        return withSettings(settings.toBuilder().migrationBandwidth(mibPerSecond).build());
    }

    /** How many times a migration is redone when the VM still runs on the source (default 2). */
    public LibvirtActions migrationRedos(int redos) {
        return withSettings(settings.toBuilder().migrationRedos(redos).build());
    }

    /** The retry policy of the idempotent steps that talk to libvirt (see {@link LibvirtSettings.Builder#retry}). */
    public LibvirtActions retry(Retry retry) {
        return withSettings(settings.toBuilder().retry(retry).build());
    }

    /** The retry policy of reverts (see {@link LibvirtSettings.Builder#revertRetry}). */
    public LibvirtActions revertRetry(Retry retry) {
        return withSettings(settings.toBuilder().revertRetry(retry).build());
    }

    /** Create: see {@link CreateAction}. */
    public Action<Vm> create(LibvirtHost host, CreateRequest req) {
        return CreateAction.plan(model, settings, host, req);
    }

    /** Start: see {@link StartAction}. */
    public Action<Vm> start(LibvirtHost host, String name) {
        return StartAction.plan(model, settings, host, new StartRequest(host.name(), name));
    }

    /** Shutdown: see {@link ShutdownAction}. */
    public Action<Vm> shutdown(LibvirtHost host, String name) {
        return ShutdownAction.plan(model, settings, host, new ShutdownRequest(host.name(), name));
    }

    /** Reboot, by default as shutdown then start. */
    public Action<Vm> reboot(LibvirtHost host, String name) {
        return reboot(host, name, RebootMode.SHUTDOWN_START);
    }

    /** Reboot: see {@link RebootAction}. */
    public Action<Vm> reboot(LibvirtHost host, String name, RebootMode mode) {
        return RebootAction.plan(model, settings, host, new RebootRequest(host.name(), name, mode));
    }

    /** Backup of the VM's disk to the image {@code image} in the host's image store: see {@link BackupAction}. */
    public Action<BackupImage> backup(LibvirtHost host, String name, String image) {
        return BackupAction.plan(model, settings, host, new BackupRequest(host.name(), name, image));
    }

    /** Suspend: see {@link SuspendAction}. */
    public Action<Vm> suspend(LibvirtHost host, String name) {
        return SuspendAction.plan(model, settings, host, new SuspendRequest(host.name(), name));
    }

    /** Resume: see {@link ResumeAction}. */
    public Action<Vm> resume(LibvirtHost host, String name) {
        return ResumeAction.plan(model, settings, host, new ResumeRequest(host.name(), name));
    }

    /** The volume and NIC actions: see {@link DeviceActions}. */
    public DeviceActions devices() {
        return new DeviceActions(this);
    }

    /** Delete: see {@link DeleteAction}. */
    public Action<Void> delete(LibvirtHost host, String name, boolean removeDisks) {
        return DeleteAction.plan(model, settings, host, new DeleteRequest(host.name(), name, removeDisks));
    }

    /** {@code poweroff}: hard, at once; see {@link PowerActions#poweroff}. */
    public Action<PowerResult> poweroff(LibvirtHost host, String name) {
        return PowerActions.poweroff(model, settings, host, new PoweroffRequest(host.name(), name));
    }

    /** {@code soft_poweroff}: one ACPI press, the VM HALTING; see {@link PowerActions#softPoweroff}. */
    public Action<PowerResult> softPoweroff(LibvirtHost host, String name) {
        return PowerActions.softPoweroff(model, settings, host, new SoftPoweroffRequest(host.name(), name));
    }

    /** {@code poweron}: see {@link PowerActions#poweron}. */
    public Action<PowerResult> poweron(LibvirtHost host, String name) {
        return PowerActions.poweron(model, settings, host, new PoweronRequest(host.name(), name));
    }

    /** {@code stop}: shut down and release the host; see {@link PowerActions#stop}. */
    public Action<PowerResult> stop(LibvirtHost host, String name) {
        return PowerActions.stop(model, settings, host, new StopRequest(host.name(), name));
    }

    /** {@code terminate}: destroy, delete its disks, forget it; see {@link PowerActions#terminate}. */
    public Action<PowerResult> terminate(LibvirtHost host, String name) {
        return PowerActions.terminate(model, settings, host, new TerminateRequest(host.name(), name));
    }

    /** {@code cleanup}: tear down on the host, model unchanged; see {@link PowerActions#cleanup}. */
    public Action<PowerResult> cleanup(LibvirtHost host, String name) {
        return PowerActions.cleanup(model, settings, host, new CleanupRequest(host.name(), name));
    }

    /** Migrate (live): see {@link MigrateAction}. */
    public Action<Vm> migrate(LibvirtHost from, LibvirtHost to, String name) {
        return MigrateAction.plan(model, settings, from, to, new MigrateRequest(from.name(), name, to.name()));
    }

    /** NonLiveMigration: see {@link NonLiveMigrateAction}. */
    public Action<Vm> nonLiveMigrate(LibvirtHost from, LibvirtHost to, String name) {
        return NonLiveMigrateAction.plan(model, settings, from, to,
                new NonLiveMigrateRequest(from.name(), name, to.name()));
    }

    /** SetVmIp: see {@link SetVmIpAction}; a null {@code ip} clears it. */
    public Action<Vm> setVmIp(LibvirtHost host, String name, String ip) {
        return SetVmIpAction.plan(model, settings, host, new SetVmIpRequest(host.name(), name, ip));
    }

    /** HostInfo: see {@link HostInfoAction}. */
    public Action<Host> hostInfo(LibvirtHost host) {
        return HostInfoAction.plan(model, settings, host, new HostInfoRequest(host.name()));
    }

    /** HostStatistical: see {@link HostStatisticalAction}. */
    public Action<HostStatistics> hostStatistical(LibvirtHost host, Duration interval) {
        return HostStatisticalAction.plan(settings, host, new HostStatisticalRequest(host.name(), interval));
    }
}
