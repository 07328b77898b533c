package org.iaasengine.libvirt.actions;

import org.iaasengine.core.Action;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.libvirt.spec.BackupRequest;
import org.iaasengine.libvirt.spec.CreateRequest;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.iaasengine.libvirt.spec.HostInfoRequest;
import org.iaasengine.libvirt.spec.HostStatisticalRequest;
import org.iaasengine.libvirt.spec.InitModelRequest;
import org.iaasengine.libvirt.spec.MigrateRequest;
import org.iaasengine.libvirt.spec.NonLiveMigrateRequest;
import org.iaasengine.libvirt.spec.RebootRequest;
import org.iaasengine.libvirt.spec.ResumeRequest;
import org.iaasengine.libvirt.spec.SetVmIpRequest;
import org.iaasengine.libvirt.spec.ShutdownRequest;
import org.iaasengine.libvirt.spec.CleanupRequest;
import org.iaasengine.libvirt.spec.PoweroffRequest;
import org.iaasengine.libvirt.spec.PoweronRequest;
import org.iaasengine.libvirt.spec.SoftPoweroffRequest;
import org.iaasengine.libvirt.spec.StopRequest;
import org.iaasengine.libvirt.spec.TerminateRequest;
import org.iaasengine.libvirt.spec.StartRequest;
import org.iaasengine.libvirt.spec.SuspendRequest;
import org.iaasengine.libvirt.sync.HostMonitor;
import org.iaasengine.request.ActionRegistry;

/**
 * The libvirt actions by name, each with its request type and plan factory: from a request alone
 * (or its JSON), the plan the {@link LibvirtActions} method would build.
 *
 * <table>
 *   <caption>Action names and request types</caption>
 *   <tr><td>create</td><td>{@link CreateRequest}</td></tr>
 *   <tr><td>start, shutdown, reboot, suspend, resume</td><td>{@link StartRequest}, {@link ShutdownRequest},
 *   {@link RebootRequest}, {@link SuspendRequest}, {@link ResumeRequest}</td></tr>
 *   <tr><td>delete</td><td>{@link DeleteRequest}</td></tr>
 *   <tr><td>backup</td><td>{@link BackupRequest}</td></tr>
 *   <tr><td>migrate, non-live-migrate</td><td>{@link MigrateRequest}, {@link NonLiveMigrateRequest}</td></tr>
 *   <tr><td>set-vm-ip</td><td>{@link SetVmIpRequest}</td></tr>
 *   <tr><td>host-info, host-statistical</td><td>{@link HostInfoRequest}, {@link HostStatisticalRequest}</td></tr>
 *   <tr><td>volume-create, volume-delete, volume-attach, volume-detach, nic-attach, nic-detach</td><td>
 *   {@code VolumeCreateRequest}, {@code VolumeDeleteRequest}, {@code AttachVolumeRequest},
 *   {@code DetachVolumeRequest}, {@code AttachNicRequest}, {@code DetachNicRequest} (see {@link DeviceActions})</td></tr>
 *   <tr><td>poweroff, soft_poweroff, poweron, stop, terminate, cleanup</td><td>{@link PoweroffRequest},
 *   {@link SoftPoweroffRequest}, {@link PoweronRequest}, {@link StopRequest}, {@link TerminateRequest},
 *   {@link CleanupRequest} (see {@link PowerActions})</td></tr>
 *   <tr><td>init-model</td><td>{@link InitModelRequest} (needs the host's {@link HostMonitor} in the context)</td></tr>
 * </table>
 *
 * <pre>{@code
 * ActionRegistry<LibvirtPlanContext> registry = LibvirtRegistry.registry();
 * String json = registry.codec().toJson(actions.start(host, "web1").request().orElseThrow());
 * Action<?> again = registry.plan(LibvirtPlanContext.of(actions, host), json);
 * }</pre>
 */
public final class LibvirtRegistry {
    private static final ActionRegistry<LibvirtPlanContext> REGISTRY = ActionRegistry.<LibvirtPlanContext>builder()
            .register(CreateRequest.ACTION, CreateRequest.class,
                    (c, r) -> CreateAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(StartRequest.ACTION, StartRequest.class,
                    (c, r) -> StartAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(ShutdownRequest.ACTION, ShutdownRequest.class,
                    (c, r) -> ShutdownAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(RebootRequest.ACTION, RebootRequest.class,
                    (c, r) -> RebootAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(SuspendRequest.ACTION, SuspendRequest.class,
                    (c, r) -> SuspendAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(ResumeRequest.ACTION, ResumeRequest.class,
                    (c, r) -> ResumeAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(BackupRequest.ACTION, BackupRequest.class,
                    (c, r) -> BackupAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(DeleteRequest.ACTION, DeleteRequest.class,
                    (c, r) -> DeleteAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(MigrateRequest.ACTION, MigrateRequest.class,
                    (c, r) -> MigrateAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()),
                            c.host(r.destination()), r))
            .register(NonLiveMigrateRequest.ACTION, NonLiveMigrateRequest.class,
                    (c, r) -> NonLiveMigrateAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()),
                            c.host(r.destination()), r))
            .register(SetVmIpRequest.ACTION, SetVmIpRequest.class,
                    (c, r) -> SetVmIpAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(HostInfoRequest.ACTION, HostInfoRequest.class,
                    (c, r) -> HostInfoAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(HostStatisticalRequest.ACTION, HostStatisticalRequest.class,
                    (c, r) -> HostStatisticalAction.plan(c.actions().settings(), c.host(r.host()), r))
            .register(PoweroffRequest.ACTION, PoweroffRequest.class,
                    (c, r) -> PowerActions.poweroff(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(SoftPoweroffRequest.ACTION, SoftPoweroffRequest.class,
                    (c, r) -> PowerActions.softPoweroff(c.actions().model(), c.actions().settings(), c.host(r.host()),
                            r))
            .register(PoweronRequest.ACTION, PoweronRequest.class,
                    (c, r) -> PowerActions.poweron(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(StopRequest.ACTION, StopRequest.class,
                    (c, r) -> PowerActions.stop(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(TerminateRequest.ACTION, TerminateRequest.class,
                    (c, r) -> PowerActions.terminate(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(CleanupRequest.ACTION, CleanupRequest.class,
                    (c, r) -> PowerActions.cleanup(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(InitModelRequest.ACTION, InitModelRequest.class, LibvirtRegistry::initModel)
            .register(org.iaasengine.libvirt.spec.VolumeCreateRequest.ACTION,
                    org.iaasengine.libvirt.spec.VolumeCreateRequest.class,
                    (c, r) -> c.actions().devices().createVolume(c.host(r.host()), r))
            .register(org.iaasengine.libvirt.spec.VolumeDeleteRequest.ACTION,
                    org.iaasengine.libvirt.spec.VolumeDeleteRequest.class,
                    (c, r) -> VolumeDeleteAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(org.iaasengine.libvirt.spec.AttachVolumeRequest.ACTION,
                    org.iaasengine.libvirt.spec.AttachVolumeRequest.class,
                    (c, r) -> AttachVolumeAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(org.iaasengine.libvirt.spec.DetachVolumeRequest.ACTION,
                    org.iaasengine.libvirt.spec.DetachVolumeRequest.class,
                    (c, r) -> DetachVolumeAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(org.iaasengine.libvirt.spec.AttachNicRequest.ACTION,
                    org.iaasengine.libvirt.spec.AttachNicRequest.class,
                    (c, r) -> AttachNicAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .register(org.iaasengine.libvirt.spec.DetachNicRequest.ACTION,
                    org.iaasengine.libvirt.spec.DetachNicRequest.class,
                    (c, r) -> DetachNicAction.plan(c.actions().model(), c.actions().settings(), c.host(r.host()), r))
            .build();

    private LibvirtRegistry() {
    }

    /** The registry of every libvirt action (one shared, immutable instance). */
    public static ActionRegistry<LibvirtPlanContext> registry() {
        return REGISTRY;
    }

    private static Action<?> initModel(LibvirtPlanContext c, InitModelRequest r) {
        HostMonitor monitor = c.monitor(r.host());
        String uri = monitor.host().driver().uri();
        InvalidInputException.check(uri.equals(r.uri()), "init-model request names uri '%s' but host '%s' is at '%s'",
                r.uri(), r.host(), uri);
        return monitor.initModelAction();
    }
}
