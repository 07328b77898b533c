package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.core.FailureCategory;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualDisk;
import org.iaasengine.powervm.xml.uom.VolumeGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a virtual disk in a VIOS volume group, optionally as a copy of a cached image disk
 * ({@code BaseImage}): a read-modify-write of the volume group, re-read and retried on 412. Fails
 * with CONFLICT if a disk of that name exists before the command writes; after its write (whose
 * answer may have been lost), a retry takes the disk of that name as the one it made. Revert
 * removes the disk.
 *
 * <pre>{@code
 * DiskRef d = new CreateVirtualDisk(client, viosUuid, vgUuid, "b_web1", 20, Input.from(IMAGE, DiskRef::udid)).execute(ctx);
 * }</pre>
 */
public final class CreateVirtualDisk implements Command<DiskRef> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateVirtualDisk.class);
    private final PowerVmClient client;
    private final String viosUuid;
    private final String vgUuid;
    private final String diskName;
    private final int sizeGb;
    private final Input<String> baseImageUdid;
    /** True once an execution has sent the write: a disk of this name found later is the one it made. */
    private volatile boolean written;

    /** {@code baseImageUdid} may be {@code Input.of(null)} for an empty disk. */
    public CreateVirtualDisk(PowerVmClient client, String viosUuid, String vgUuid, String diskName, int sizeGb,
            Input<String> baseImageUdid) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.vgUuid = Validate.uuid(vgUuid, "volume group UUID");
        this.diskName = Validate.lvName(diskName);
        this.sizeGb = Validate.diskGb(sizeGb);
        this.baseImageUdid = Objects.requireNonNull(baseImageUdid, "baseImageUdid");
    }

    @Override
    public DiskRef execute(CommandContext ctx) {
        String base = baseImageUdid.resolve(ctx);
        boolean retry = written;
        VolumeGroup vg = client.modify(Paths.volumeGroup(viosUuid, vgUuid), VolumeGroup.class, g -> {
            if (g.virtualDisks.disks.stream().anyMatch(d -> diskName.equals(d.diskName))) {
                if (retry) {
                    LOG.warn("the answer to the creation of disk {} was lost, but it was created", diskName);
                    return false;
                }
                throw new CommandException(FailureCategory.CONFLICT, "volume group " + g.groupName
                        + " already has a disk named '" + diskName + "'");
            }
            g.virtualDisks.disks.add(VirtualDisk.of(diskName, sizeGb, base));
            written = true;
            return true;
        }).value();
        VirtualDisk d = vg.virtualDisks.disks.stream().filter(x -> diskName.equals(x.diskName)).findFirst()
                .orElseThrow(() -> new CommandException(FailureCategory.INTERNAL, "volume group " + vg.groupName
                        + " did not keep the new disk '" + diskName + "'"));
        LOG.info("created virtual disk {} ({} GB) in volume group {}", diskName, sizeGb, vg.groupName);
        return new DiskRef(DiskRef.Kind.VIRTUAL_DISK, vgUuid, viosUuid, diskName, d.uniqueDeviceId, sizeGb);
    }

    @Override
    public void revert(CommandContext ctx, DiskRef disk) {
        DeleteDisk.remove(client, disk);
    }

    @Override
    public String name() {
        return "CreateVirtualDisk(" + diskName + ")";
    }
}
