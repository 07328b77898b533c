package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.InvalidInputException;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grows a virtual disk of a volume group (its DiskCapacity, in a read-modify-write of the volume
 * group, re-read and retried on 412), as nova-powervm's localdisk driver extends a boot disk. A
 * disk already at the size is left alone (so a retry after a lost answer writes nothing); asking
 * for less than it has is an {@link InvalidInputException} naming both sizes (a disk cannot
 * shrink); a disk that is not there is NOT_FOUND. No revert: the VIOS cannot shrink a disk.
 *
 * <pre>{@code
 * DiskRef d = new ExtendVirtualDisk(client, viosUuid, vgUuid, "b_web1", 40).execute(ctx);
 * }</pre>
 */
public final class ExtendVirtualDisk implements Command<DiskRef> {
    private static final Logger LOG = LoggerFactory.getLogger(ExtendVirtualDisk.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final String vgUuid;
    private final String diskName;
    private final int sizeGb;

    public ExtendVirtualDisk(PowerVmClient client, String viosUuid, String vgUuid, String diskName, int sizeGb) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.vgUuid = Validate.uuid(vgUuid, "volume group UUID");
        this.diskName = Validate.lvName(diskName);
        this.sizeGb = Validate.diskGb(sizeGb);
    }

    @Override
    public DiskRef execute(CommandContext ctx) {
        VirtualDisk[] found = new VirtualDisk[1];
        client.modify(Paths.volumeGroup(viosUuid, vgUuid), VolumeGroup.class, g -> {
            VirtualDisk d = g.virtualDisks.disks.stream().filter(x -> diskName.equals(x.diskName)).findFirst()
                    .orElseThrow(() -> CommandException.notFound("no virtual disk " + diskName + " in volume group "
                            + g.groupName));
            found[0] = d;
            double has = d.diskCapacity == null ? 0 : d.diskCapacity;
            InvalidInputException.check(has <= sizeGb + 1e-9, "virtual disk %s has %s GB: it cannot shrink to %s GB",
                    diskName, has, sizeGb);
            if (Math.abs(has - sizeGb) < 1e-9) {
                return false;
            }
            d.diskCapacity = (double) sizeGb;
            return true;
        });
        LOG.info("virtual disk {} is {} GB", diskName, sizeGb);
        return new DiskRef(DiskRef.Kind.VIRTUAL_DISK, vgUuid, viosUuid, diskName, found[0].uniqueDeviceId, sizeGb);
    }

    @Override
    public String name() {
        return "ExtendVirtualDisk(" + diskName + ")";
    }
}
