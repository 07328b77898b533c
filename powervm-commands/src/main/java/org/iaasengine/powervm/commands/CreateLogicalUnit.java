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
import org.iaasengine.powervm.xml.uom.LogicalUnit;
import org.iaasengine.powervm.xml.uom.SharedStoragePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a thin logical unit in a shared storage pool, optionally cloned from an image unit
 * ({@code ClonedFrom}): a read-modify-write of the pool, re-read and retried on 412. Fails with
 * CONFLICT if a unit of that name exists before the command writes; after its write (whose answer
 * may have been lost), a retry takes the unit of that name as the one it made. Revert removes the
 * unit.
 *
 * <pre>{@code
 * DiskRef lu = new CreateLogicalUnit(client, sspUuid, "boot_web1", 20, LogicalUnit.DISK, Input.from(IMAGE, DiskRef::udid)).execute(ctx);
 * }</pre>
 */
public final class CreateLogicalUnit implements Command<DiskRef> {
    private static final Logger LOG = LoggerFactory.getLogger(CreateLogicalUnit.class);
    private final PowerVmClient client;
    private final String sspUuid;
    private final String unitName;
    private final int sizeGb;
    private final String type;
    private final Input<String> clonedFrom;
    /** True once an execution has sent the write: a unit of this name found later is the one it made. */
    private volatile boolean written;

    public CreateLogicalUnit(PowerVmClient client, String sspUuid, String unitName, int sizeGb, String type,
            Input<String> clonedFrom) {
        this.client = Objects.requireNonNull(client, "client");
        this.sspUuid = Validate.uuid(sspUuid, "shared storage pool UUID");
        this.unitName = Validate.luName(unitName);
        this.sizeGb = Validate.diskGb(sizeGb);
        if (!LogicalUnit.DISK.equals(type) && !LogicalUnit.IMAGE.equals(type)) {
            throw CommandException.invalid("logical unit type must be " + LogicalUnit.DISK + " or " + LogicalUnit.IMAGE
                    + ", was '" + type + "'");
        }
        this.type = type;
        this.clonedFrom = Objects.requireNonNull(clonedFrom, "clonedFrom");
    }

    @Override
    public DiskRef execute(CommandContext ctx) {
        String source = clonedFrom.resolve(ctx);
        boolean retry = written;
        SharedStoragePool pool = client.modify(Paths.ssp(sspUuid), SharedStoragePool.class, p -> {
            if (p.logicalUnits.units.stream().anyMatch(u -> unitName.equals(u.unitName))) {
                if (retry) {
                    LOG.warn("the answer to the creation of unit {} was lost, but it was created", unitName);
                    return false;
                }
                throw new CommandException(FailureCategory.CONFLICT, "pool " + p.storagePoolName
                        + " already has a logical unit named '" + unitName + "'");
            }
            p.logicalUnits.units.add(LogicalUnit.of(unitName, sizeGb, type, source));
            written = true;
            return true;
        }).value();
        LogicalUnit lu = pool.logicalUnits.units.stream().filter(u -> unitName.equals(u.unitName)).findFirst()
                .orElseThrow(() -> new CommandException(FailureCategory.INTERNAL, "pool " + pool.storagePoolName
                        + " did not keep the new logical unit '" + unitName + "'"));
        LOG.info("created logical unit {} ({} GB) in pool {}", unitName, sizeGb, pool.storagePoolName);
        return new DiskRef(DiskRef.Kind.LOGICAL_UNIT, sspUuid, null, unitName, lu.uniqueDeviceId, sizeGb);
    }

    @Override
    public void revert(CommandContext ctx, DiskRef unit) {
        DeleteDisk.remove(client, unit);
    }

    @Override
    public String name() {
        return "CreateLogicalUnit(" + unitName + ")";
    }
}
