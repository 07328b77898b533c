package org.iaasengine.powervm.actions;

import org.iaasengine.powervm.spec.AttachVolumeRequest;
import org.iaasengine.powervm.spec.CleanImageCacheRequest;
import org.iaasengine.powervm.spec.ColdMigrateRequest;
import org.iaasengine.powervm.spec.ConfirmMigrationRequest;
import org.iaasengine.powervm.spec.DestroyRequest;
import org.iaasengine.powervm.spec.DetachVolumeRequest;
import org.iaasengine.powervm.spec.ExtendDiskRequest;
import org.iaasengine.powervm.spec.HostInfoRequest;
import org.iaasengine.powervm.spec.HostStatisticalRequest;
import org.iaasengine.powervm.spec.InitModelRequest;
import org.iaasengine.powervm.spec.MigrateRequest;
import org.iaasengine.powervm.spec.PlugVifRequest;
import org.iaasengine.powervm.spec.PowerOffRequest;
import org.iaasengine.powervm.spec.PowerOnRequest;
import org.iaasengine.powervm.spec.RebootRequest;
import org.iaasengine.powervm.spec.RescueRequest;
import org.iaasengine.powervm.spec.ResizeRequest;
import org.iaasengine.powervm.spec.RevertMigrationRequest;
import org.iaasengine.powervm.spec.SnapshotRequest;
import org.iaasengine.powervm.spec.SpawnRequest;
import org.iaasengine.powervm.spec.UnplugVifRequest;
import org.iaasengine.powervm.spec.UnrescueRequest;
import org.iaasengine.powervm.spec.UploadImageRequest;
import org.iaasengine.request.ActionRegistry;

/**
 * The PowerVM actions by name, each with its request type and plan factory: from a request alone
 * (or its JSON), the plan its action class builds.
 *
 * <table>
 *   <caption>Action names and request types</caption>
 *   <tr><td>powervm.spawn, powervm.destroy</td><td>{@link SpawnRequest}, {@link DestroyRequest} (need the
 *   host's disk driver in the context)</td></tr>
 *   <tr><td>powervm.powerOn, powervm.powerOff, powervm.reboot</td><td>{@link PowerOnRequest},
 *   {@link PowerOffRequest}, {@link RebootRequest}</td></tr>
 *   <tr><td>powervm.migrate</td><td>{@link MigrateRequest}</td></tr>
 *   <tr><td>powervm.initModel, powervm.hostInfo, powervm.hostStatistical</td><td>{@link InitModelRequest},
 *   {@link HostInfoRequest}, {@link HostStatisticalRequest}</td></tr>
 *   <tr><td>powervm.attachVolume, powervm.detachVolume</td><td>{@link AttachVolumeRequest},
 *   {@link DetachVolumeRequest}</td></tr>
 *   <tr><td>powervm.cleanImageCache</td><td>{@link CleanImageCacheRequest} (needs the disk driver)</td></tr>
 *   <tr><td>powervm.uploadImage</td><td>{@link UploadImageRequest} (needs the disk driver)</td></tr>
 *   <tr><td>powervm.snapshot</td><td>{@link SnapshotRequest} (needs the disk driver)</td></tr>
 *   <tr><td>powervm.rescue, powervm.unrescue</td><td>{@link RescueRequest}, {@link UnrescueRequest} (need the
 *   disk driver)</td></tr>
 *   <tr><td>powervm.plugVif, powervm.unplugVif</td><td>{@link PlugVifRequest}, {@link UnplugVifRequest}</td></tr>
 *   <tr><td>powervm.resize, powervm.extendDisk</td><td>{@link ResizeRequest}, {@link ExtendDiskRequest}
 *   (needs the disk driver)</td></tr>
 *   <tr><td>powervm.coldMigrate, powervm.confirmMigration, powervm.revertMigration</td><td>
 *   {@link ColdMigrateRequest}, {@link ConfirmMigrationRequest}, {@link RevertMigrationRequest} (need the
 *   disk drivers of the hosts named)</td></tr>
 * </table>
 *
 * <pre>{@code
 * ActionRegistry<PowerVmPlanContext> registry = PowerVmRegistry.registry();
 * String json = registry.codec().toJson(new PowerOnRequest("sys-a", "web1"));
 * Vm vm = (Vm) engine.run(registry.plan(PowerVmPlanContext.of(host), json));
 * }</pre>
 */
public final class PowerVmRegistry {
    private static final ActionRegistry<PowerVmPlanContext> REGISTRY = ActionRegistry.<PowerVmPlanContext>builder()
            .register(SpawnRequest.ACTION, SpawnRequest.class,
                    (c, r) -> SpawnAction.plan(c.host(r.host()), r.bootFromVolume() ? null : c.disks(r.host()), r))
            .register(DestroyRequest.ACTION, DestroyRequest.class,
                    (c, r) -> DestroyAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(PowerOnRequest.ACTION, PowerOnRequest.class, (c, r) -> PowerOnAction.plan(c.host(r.host()), r))
            .register(PowerOffRequest.ACTION, PowerOffRequest.class,
                    (c, r) -> PowerOffAction.plan(c.host(r.host()), r))
            .register(RebootRequest.ACTION, RebootRequest.class, (c, r) -> RebootAction.plan(c.host(r.host()), r))
            .register(MigrateRequest.ACTION, MigrateRequest.class,
                    (c, r) -> MigrateAction.plan(c.host(r.host()), c.host(r.target()), r))
            .register(InitModelRequest.ACTION, InitModelRequest.class,
                    (c, r) -> InitModelAction.plan(c.host(r.host()), r))
            .register(HostInfoRequest.ACTION, HostInfoRequest.class, (c, r) -> HostInfoAction.plan(c.host(r.host()), r))
            .register(HostStatisticalRequest.ACTION, HostStatisticalRequest.class,
                    (c, r) -> HostStatisticalAction.plan(c.host(r.host()), r))
            .register(AttachVolumeRequest.ACTION, AttachVolumeRequest.class,
                    (c, r) -> AttachVolumeAction.plan(c.host(r.host()), r))
            .register(DetachVolumeRequest.ACTION, DetachVolumeRequest.class,
                    (c, r) -> DetachVolumeAction.plan(c.host(r.host()), r))
            .register(CleanImageCacheRequest.ACTION, CleanImageCacheRequest.class,
                    (c, r) -> CleanImageCacheAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(UploadImageRequest.ACTION, UploadImageRequest.class,
                    (c, r) -> UploadImageAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(SnapshotRequest.ACTION, SnapshotRequest.class,
                    (c, r) -> SnapshotAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(RescueRequest.ACTION, RescueRequest.class,
                    (c, r) -> RescueAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(UnrescueRequest.ACTION, UnrescueRequest.class,
                    (c, r) -> UnrescueAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(PlugVifRequest.ACTION, PlugVifRequest.class, (c, r) -> PlugVifAction.plan(c.host(r.host()), r))
            .register(UnplugVifRequest.ACTION, UnplugVifRequest.class,
                    (c, r) -> UnplugVifAction.plan(c.host(r.host()), r))
            .register(ResizeRequest.ACTION, ResizeRequest.class, (c, r) -> ResizeAction.plan(c.host(r.host()), r))
            .register(ExtendDiskRequest.ACTION, ExtendDiskRequest.class,
                    (c, r) -> ExtendDiskAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(ColdMigrateRequest.ACTION, ColdMigrateRequest.class, (c, r) -> ColdMigrateAction.plan(
                    c.host(r.host()), c.disks(r.host()), c.host(r.target()), c.disks(r.target()), r))
            .register(ConfirmMigrationRequest.ACTION, ConfirmMigrationRequest.class,
                    (c, r) -> ConfirmMigrationAction.plan(c.host(r.host()), c.disks(r.host()), r))
            .register(RevertMigrationRequest.ACTION, RevertMigrationRequest.class, (c, r) -> RevertMigrationAction
                    .plan(c.host(r.host()), c.disks(r.host()), c.host(r.source()), r))
            .build();

    private PowerVmRegistry() {
    }

    /** The registry of every PowerVM action (one shared, immutable instance). */
    public static ActionRegistry<PowerVmPlanContext> registry() {
        return REGISTRY;
    }
}
