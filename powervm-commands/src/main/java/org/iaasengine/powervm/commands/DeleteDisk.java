package org.iaasengine.powervm.commands;

import java.util.List;
import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.xml.uom.SharedStoragePool;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes virtual disks or logical units (read-modify-write of their volume group or pool). A disk
 * already gone is success; physical volumes (attached FC volumes), optical media and storage of
 * other kinds are never deleted. The result is
 * the names removed. Nothing to revert: disk data cannot be brought back.
 *
 * <pre>{@code
 * List<String> removed = new DeleteDisk(client, Input.of(List.of(disk))).execute(ctx);
 * }</pre>
 */
public final class DeleteDisk implements Command<List<String>> {
    private static final Logger LOG = LoggerFactory.getLogger(DeleteDisk.class);
    private final PowerVmClient client;
    private final Input<List<DiskRef>> disks;

    public DeleteDisk(PowerVmClient client, Input<List<DiskRef>> disks) {
        this.client = Objects.requireNonNull(client, "client");
        this.disks = Objects.requireNonNull(disks, "disks");
    }

    @Override
    public List<String> execute(CommandContext ctx) {
        List<DiskRef> list = disks.resolve(ctx);
        if (list == null) {
            return List.of();
        }
        return list.stream().filter(DiskRef::isDriverDisk).filter(d -> remove(client, d))
                .map(DiskRef::name).toList();
    }

    /** Removes one disk; false if it was not there. */
    static boolean remove(PowerVmClient client, DiskRef disk) {
        boolean[] removed = new boolean[1];
        switch (disk.kind()) {
            case VIRTUAL_DISK -> client.modify(Paths.volumeGroup(disk.viosUuid(), disk.container()), VolumeGroup.class,
                    vg -> removed[0] = vg.virtualDisks.disks.removeIf(d -> disk.name().equals(d.diskName)));
            case LOGICAL_UNIT -> client.modify(Paths.ssp(disk.container()), SharedStoragePool.class,
                    p -> removed[0] = p.logicalUnits.units.removeIf(u -> disk.name().equals(u.unitName)));
            default -> throw CommandException.invalid(disk.kind() + " " + disk.name() + " is not deleted by the "
                    + "engine");
        }
        LOG.info("{} {} {}", disk.kind(), disk.name(), removed[0] ? "deleted" : "was already gone");
        return removed[0];
    }
}
