package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.PhysicalVolume;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;

/**
 * Finds the physical volume (hdisk) with a unique device id among those a VIOS sees: the Fibre
 * Channel LUN the storage side presented for a vSCSI-connected volume. NOT_FOUND when the VIOS does
 * not see it (not zoned or not yet discovered).
 *
 * <pre>{@code
 * DiskRef hdisk = new FindPhysicalVolume(client, viosUuid, udid).execute(ctx);
 * }</pre>
 */
public final class FindPhysicalVolume implements Command<DiskRef> {
    private final PowerVmClient client;
    private final String viosUuid;
    private final String udid;

    public FindPhysicalVolume(PowerVmClient client, String viosUuid, String udid) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.udid = Validate.udid(udid);
    }

    @Override
    public DiskRef execute(CommandContext ctx) {
        VirtualIOServer vios = client.get(Paths.vios(viosUuid), VirtualIOServer.class).value();
        PhysicalVolume pv = vios.physicalVolumes.volumes.stream().filter(v -> udid.equals(v.uniqueDeviceId))
                .findFirst().orElseThrow(() -> CommandException.notFound("VIOS " + vios.partitionName
                        + " does not see a volume with unique device id " + udid));
        return new DiskRef(DiskRef.Kind.PHYSICAL_VOLUME, viosUuid, viosUuid, pv.volumeName, pv.uniqueDeviceId,
                pv.volumeCapacity == null ? 0 : pv.volumeCapacity / 1024.0);
    }
}
