package org.iaasengine.powervm.commands;

import java.util.Objects;
import org.iaasengine.core.Command;
import org.iaasengine.core.CommandContext;
import org.iaasengine.core.CommandException;
import org.iaasengine.powervm.rest.Paths;
import org.iaasengine.powervm.rest.PowerVmClient;
import org.iaasengine.powervm.spec.DiskRef;
import org.iaasengine.powervm.spec.Input;
import org.iaasengine.powervm.spec.Validate;
import org.iaasengine.powervm.xml.uom.VirtualIOServer;
import org.iaasengine.powervm.xml.uom.VirtualScsiMapping;

/**
 * Finds the disk named {@code diskName} that a vSCSI mapping of the VIOS serves to the LPAR (a VM's
 * boot disk, {@code b_<vm>} or {@code boot_<vm>}): its kind, name, UDID and size. NOT_FOUND when no
 * mapping of the LPAR serves it. Reads only.
 *
 * <pre>{@code
 * DiskRef boot = new FindVmDisk(client, viosUuid, Input.from(FOUND, LparInfo::uuid), "b_web1").execute(ctx);
 * }</pre>
 */
public final class FindVmDisk implements Command<DiskRef> {
    private final PowerVmClient client;
    private final String viosUuid;
    private final Input<String> lparUuid;
    private final String diskName;

    public FindVmDisk(PowerVmClient client, String viosUuid, Input<String> lparUuid, String diskName) {
        this.client = Objects.requireNonNull(client, "client");
        this.viosUuid = Validate.uuid(viosUuid, "VIOS UUID");
        this.lparUuid = Objects.requireNonNull(lparUuid, "lparUuid");
        this.diskName = Objects.requireNonNull(diskName, "diskName");
    }

    @Override
    public DiskRef execute(CommandContext ctx) {
        String lpar = lparUuid.resolve(ctx);
        VirtualIOServer vios = client.get(Paths.vios(viosUuid), VirtualIOServer.class).value();
        for (VirtualScsiMapping m : vios.scsiMappings.mappings) {
            if (lpar != null && lpar.equals(m.lparUuid()) && m.storage != null && diskName.equals(m.storage.name())) {
                DiskRef d = DiskRef.ofMapped(m.storage, viosUuid);
                if (d.isDriverDisk()) {
                    return d;
                }
            }
        }
        throw CommandException.notFound("no vSCSI mapping of VIOS " + viosUuid + " serves disk " + diskName
                + " to LPAR " + lpar);
    }

    @Override
    public boolean effects() {
        return false;
    }

    @Override
    public String name() {
        return "FindVmDisk(" + diskName + ")";
    }
}
