package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.CLAIM;
import static org.iaasengine.libvirt.actions.VmPlans.INFO;
import static org.iaasengine.libvirt.actions.VmPlans.LOCATED;

import java.time.Duration;
import org.iaasengine.core.Action;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.commands.BackupDisk;
import org.iaasengine.libvirt.commands.DomInfo;
import org.iaasengine.libvirt.commands.FindSystemDisk;
import org.iaasengine.libvirt.commands.LocateVm;
import org.iaasengine.libvirt.commands.AwaitBackupCopy;
import org.iaasengine.libvirt.commands.CloseBackupSource;
import org.iaasengine.libvirt.commands.OpenBackupSource;
import org.iaasengine.libvirt.images.BackupImage;
import org.iaasengine.libvirt.images.BackupSource;
import org.iaasengine.libvirt.images.ImageStore;
import org.iaasengine.libvirt.spec.BackupRequest;
import org.iaasengine.libvirt.spec.DiskImage;
import org.iaasengine.libvirt.sync.States;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;

/**
 * Backup (Wakame's {@code backup_image}): copy a VM's disk into the host's image store as a
 * compressed qcow2 with its size and SHA-256 in a sidecar. Steps: locate and claim the VM
 * (BACKING_UP), FindSystemDisk, OpenBackupSource (a running VM: a push-mode backup job, QEMU
 * copies the disk as it is at that instant while the guest runs on; a shut-off VM is read as it
 * is; a hypervisor without backup jobs: the CPUs are paused for the copy), AwaitBackupCopy,
 * BackupDisk ({@code qemu-img convert -c}, progress events), CloseBackupSource (the point-in-time
 * copy removed, or the VM resumed), DomInfo. A failure or a cancel at any step aborts the job,
 * removes the copy and the partial or whole image, and resumes what was paused: nothing is left
 * in the store.
 *
 * <pre>{@code
 * BackupImage image = engine.run(BackupAction.plan(model, settings, host, new BackupRequest("host-a", "web1", "web1-monday")));
 * }</pre>
 */
public final class BackupAction {
    static final Key<DiskImage> SOURCE = Key.of("source", DiskImage.class);
    static final Key<BackupSource> BACKUP_SOURCE = Key.of("backup-source", BackupSource.class);
    static final Key<Boolean> COPIED = Key.of("copied", Boolean.class);
    static final Key<BackupImage> IMAGE = Key.of("image", BackupImage.class);
    static final Key<Boolean> CLOSED = Key.of("closed", Boolean.class);

    private BackupAction() {
    }

    public static Action<BackupImage> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host,
            BackupRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        VmPlans.checkHost(req, req.host(), host);
        ImageStore images = host.images();
        ImageStore.checkName(req.image());
        // An image of that name is refused by BackupDisk when it runs (CONFLICT), not here: a plan
        // rebuilt from the journal after a crash must still be built to revert what the run left.
        Duration copyTimeout = host.processTimeout();
        return Action.<BackupImage>builder(req.action(), ResourceKey.vm(name).toString())
                .request(req)
                .timeout(s.actionTimeout().plus(copyTimeout))
                .revertRetry(s.revertRetry())
                .step(Step.of(LOCATED, VmPlans.locate(model, host, name, LocateVm.Presence.ANY)).withRetry(s.retry()))
                .step(CLAIM, ClaimVm.onHost(model, host.name(), name, VmState.BACKING_UP))
                .step(Step.of(SOURCE, new FindSystemDisk(host.driver(), name)).withRetry(s.retry()))
                .step(BACKUP_SOURCE, new OpenBackupSource(host.driver(), images, req.image(), name, SOURCE))
                .step(COPIED, new AwaitBackupCopy(host.driver(), name, BACKUP_SOURCE, copyTimeout))
                .step(IMAGE, new BackupDisk(images, req.image(), name, BACKUP_SOURCE, copyTimeout))
                .step(CLOSED, new CloseBackupSource(host.driver(), name, BACKUP_SOURCE))
                .step(Step.of(INFO, new DomInfo(host.driver(), name)).withRetry(s.retry()))
                .sync(r -> VmPlans.release(model, r, name, vm -> States.fromInfo(vm, r.get(INFO), host)))
                .onFailure(VmPlans.resync(model, name, host))
                .result(r -> r.get(IMAGE))
                .build();
    }
}
