package org.iaasengine.libvirt.actions;

import static org.iaasengine.libvirt.actions.VmPlans.CLAIM;
import static org.iaasengine.libvirt.actions.VmPlans.LOCATED;

import com.google.common.reflect.TypeToken;
import java.util.List;
import java.util.Optional;
import org.iaasengine.core.Action;
import org.iaasengine.core.Command;
import org.iaasengine.core.Key;
import org.iaasengine.core.Step;
import org.iaasengine.libvirt.LibvirtHost;
import org.iaasengine.libvirt.devices.DeleteVmVolumes;
import org.iaasengine.libvirt.devices.VolumeScan;
import org.iaasengine.model.Volume;
import org.iaasengine.libvirt.commands.CheckGone;
import org.iaasengine.libvirt.commands.DeleteDisks;
import org.iaasengine.libvirt.commands.DestroyVm;
import org.iaasengine.libvirt.commands.LocateVm;
import org.iaasengine.libvirt.commands.RemoveDefinition;
import org.iaasengine.libvirt.commands.UndefineVm;
import org.iaasengine.libvirt.spec.DeleteRequest;
import org.iaasengine.libvirt.store.StoredDefinition;
import org.iaasengine.model.ClaimVm;
import org.iaasengine.model.ResourceKey;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.VmState;

/**
 * Delete: destroy, undefine, optionally remove the disk copies and the volumes attached to the VM
 * (the metadata drive always goes), forget the definition, remove from the model (kept volumes
 * become available). Destroying cannot be undone, so a later failure is reported and the model is re-read
 * from the host. Works on VMs the model does not know too.
 *
 * <pre>{@code
 * engine.run(DeleteAction.plan(model, settings, host, new DeleteRequest("host-a", "web1", true)));
 * }</pre>
 */
public final class DeleteAction {
    static final Key<Optional<StoredDefinition>> STORED = Key.of("stored",
            new TypeToken<Optional<StoredDefinition>>() {
            });
    static final Key<Boolean> DESTROYED = Key.of("destroyed", Boolean.class);
    static final Key<List<String>> DISKS_DELETED = Key.of("disks-deleted", new TypeToken<List<String>>() {
    });
    static final Key<List<String>> VOLUMES_DELETED = Key.of("volumes-deleted", new TypeToken<List<String>>() {
    });

    private DeleteAction() {
    }

    public static Action<Void> plan(ResourceModel model, LibvirtSettings s, LibvirtHost host, DeleteRequest req) {
        String name = req.vm();
        VmPlans.checkVm(name);
        VmPlans.checkHost(req, req.host(), host);
        Action.Builder<Void> b = Action.<Void>builder(DeleteRequest.ACTION, ResourceKey.vm(name).toString())
                .request(req);
        steps(b, model, s, host, name, req.removeDisks());
        return b.sync(r -> forget(model, host, name, r))
                .onFailure(VmPlans.resync(model, name, host))
                .build();
    }

    /**
     * The model after a delete or a terminate: the VM is gone from it, and its volumes with it (the
     * ones deleted with its disks) or stay, detached and available.
     */
    static void forget(ResourceModel model, LibvirtHost host, String name, org.iaasengine.core.Results r) {
        model.update(m -> {
            m.vm(name).filter(v -> v.host() == null || v.host().equals(host.name())).ifPresent(v -> m.removeVm(name));
            List<String> gone = r.find(VOLUMES_DELETED).orElse(List.of());
            for (Volume v : m.volumes()) {
                if (!name.equals(v.vm()) || !host.name().equals(v.host())) {
                    continue;
                }
                if (gone.contains(v.id())) {
                    m.removeVolume(v.id());
                } else {
                    m.putVolume(v.detached());
                }
            }
        });
    }

    /**
     * The steps of a delete after the request, also {@code terminate}'s: locate, claim DELETING,
     * read the stored definition ({@link #STORED}), destroy, undefine, check gone, forget the
     * definition, and delete the disks when {@code removeDisks} ({@link #DISKS_DELETED}).
     */
    static <T> Action.Builder<T> steps(Action.Builder<T> b, ResourceModel model, LibvirtSettings s, LibvirtHost host,
            String name, boolean removeDisks) {
        return steps(b, model, s, host, name, removeDisks, null);
    }

    /**
     * As {@link #steps(Action.Builder, ResourceModel, LibvirtSettings, LibvirtHost, String, boolean)},
     * with {@code checkOff} (when not null) run between the destroy and the undefine: a destroy that
     * answered "not running" while the domain runs must not have the undefine turn it transient.
     */
    static <T> Action.Builder<T> steps(Action.Builder<T> b, ResourceModel model, LibvirtSettings s, LibvirtHost host,
            String name, boolean removeDisks, Step<Boolean> checkOff) {
        b.timeout(s.actionTimeout())
                .revertRetry(s.revertRetry())
                // A delete is better finished than undone (its destroy cannot be undone): a run that its
                // process's death interrupted is finished from the journal. Each step is safe to run again.
                .resumable()
                // Claimed so that a model sync does not mark it off or adopt it back meanwhile.
                .step(Step.of(LOCATED, VmPlans.locate(model, host, name, LocateVm.Presence.ANY)).withRetry(s.retry()))
                .step(CLAIM, ClaimVm.ifPresent(model, host.name(), name, VmState.DELETING))
                // The disks to delete, read before the definition goes: a delete resumed after its
                // RemoveDefinition took effect still knows them.
                .step(STORED, Command.reading("ReadStoredDefinition", ctx -> host.store().get(name)))
                .step(Step.of(DESTROYED, new DestroyVm(host.driver(), name))
                        .withRetry(s.retry()));
        if (checkOff != null) {
            b.step(checkOff);
        }
        b.step(Step.of(Key.of("undefined", new TypeToken<Optional<String>>() {
                }), new UndefineVm(host.driver(), name)))
                // "Not running" and "not found" answers above are taken as done: check the host agrees
                // before disks, definition and model entry go.
                .step(Step.of(Key.of("gone", Boolean.class), new CheckGone(host.driver(), name)).withRetry(s.retry()));
        Key<Optional<StoredDefinition>> forgotten = Key.of("forgotten", new TypeToken<Optional<StoredDefinition>>() {
        });
        b.step(Step.of(forgotten, new RemoveDefinition(host.store(), name)));
        if (removeDisks) {
            // Last: deleted data cannot be put back, so nothing that can fail comes after it.
            b.step(Step.of(DISKS_DELETED, new DeleteDisks(STORED, host.storage(), host.name(), name)));
            b.step(Step.of(VOLUMES_DELETED, new DeleteVmVolumes(model, host.name(), VolumeScan.directory(host), name)));
        } else {
            // The disks stay; the metadata drive (made from the VM's user-data) goes with the VM.
            b.step(Step.of(Key.of("seed-deleted", new TypeToken<List<String>>() {
            }),
                    new DeleteDisks(STORED, host.storage(), host.name(), name, true)));
        }
        return b;
    }
}
