package org.iaasengine.libvirt.devices;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.model.ResourceModel;
import org.iaasengine.model.Volume;

/**
 * Deletes the files of the volumes the model has attached to a VM that is being deleted with its
 * disks (only files in the host's volume directory); returns their ids, which the delete's model
 * sync then forgets. Idempotent (a file already gone is fine); nothing to revert: like the VM's own
 * disks, deleted data cannot be put back, so it runs last.
 *
 * <pre>{@code
 * .step(VOLUMES_DELETED, new DeleteVmVolumes(model, host.name(), VolumeScan.directory(host), "web1"))
 * }</pre>
 */
public final class DeleteVmVolumes implements Command<List<String>> {
    private final ResourceModel model;
    private final String host;
    private final Path directory;
    private final String vm;

    public DeleteVmVolumes(ResourceModel model, String host, Path directory, String vm) {
        this.model = model;
        this.host = host;
        this.directory = directory.toAbsolutePath().normalize();
        this.vm = vm;
    }

    /** The volumes the model has attached to {@code vm} on {@code host}. */
    public static List<Volume> attachedTo(ResourceModel model, String host, String vm) {
        return model.snapshot().volumes().values().stream().filter(v -> vm.equals(v.vm()) && host.equals(v.host()))
                .toList();
    }

    @Override
    public List<String> execute(CommandContext ctx) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (Volume v : attachedTo(model, host, vm)) {
            Path file = Path.of(v.path()).toAbsolutePath().normalize();
            if (file.getParent().equals(directory)) {
                Files.deleteIfExists(file);
                deleted.add(v.id());
            }
        }
        return deleted;
    }
}
